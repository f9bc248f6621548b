package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code confirm.select} (class 85, method 10). RabbitMQ extension: puts the channel into
 * publisher confirm mode.
 *
 * <p>Threading: immutable.
 */
public record ConfirmSelect(boolean noWait) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CONFIRM_SELECT;
    }

    static ConfirmSelect read(ArgumentReader in) {
        return new ConfirmSelect(in.readBit());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeBit(noWait);
    }
}
