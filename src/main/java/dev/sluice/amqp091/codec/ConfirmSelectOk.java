package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code confirm.select-ok} (class 85, method 11). RabbitMQ extension: the channel is in
 * confirm mode.
 *
 * <p>Threading: immutable.
 */
public record ConfirmSelectOk() implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CONFIRM_SELECT_OK;
    }

    static ConfirmSelectOk read(ArgumentReader in) {
        return new ConfirmSelectOk();
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
    }
}
