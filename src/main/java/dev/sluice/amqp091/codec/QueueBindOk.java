package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code queue.bind-ok} (class 50, method 21). The binding was made.
 *
 * <p>Threading: immutable.
 */
public record QueueBindOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.QUEUE_BIND_OK;
    }

    static QueueBindOk read(ArgumentReader in) {
        return new QueueBindOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
