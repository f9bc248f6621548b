package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code channel.close} (class 20, method 40). Closes the channel; carries the reply code
 * and the method that failed, if any.
 *
 * <p>The spec's {@code class-id} and {@code method-id} fields (the method that caused the close,
 * or 0) are named {@code failedClassId} and {@code failedMethodId}, because {@link #classId()}
 * and {@link #methodId()} already name this method itself.
 *
 * <p>Threading: immutable.
 */
public record ChannelClose(int replyCode, String replyText, int failedClassId,
                           int failedMethodId) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CHANNEL_CLOSE;
    }

    static ChannelClose read(ArgumentReader in) {
        return new ChannelClose(in.readShort(), in.readShortString(), in.readShort(), in.readShort());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShort(replyCode);
        out.writeShortString(replyText);
        out.writeShort(failedClassId);
        out.writeShort(failedMethodId);
    }
}
