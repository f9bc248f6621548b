package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code queue.unbind-ok} (class 50, method 51). The binding was removed.
 *
 * <p>Threading: immutable.
 */
public record QueueUnbindOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.QUEUE_UNBIND_OK;
    }

    static QueueUnbindOk read(ArgumentReader in) {
        return new QueueUnbindOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
