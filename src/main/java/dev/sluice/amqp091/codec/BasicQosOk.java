package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code basic.qos-ok} (class 60, method 11). The prefetch window was set.
 *
 * <p>Threading: immutable.
 */
public record BasicQosOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.BASIC_QOS_OK;
    }

    static BasicQosOk read(ArgumentReader in) {
        return new BasicQosOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
