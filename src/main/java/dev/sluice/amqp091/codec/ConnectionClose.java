package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code connection.close} (class 10, method 50). Closes the connection; carries the reply
 * code and the method that failed, if any.
 *
 * <p>The spec's {@code class-id} and {@code method-id} fields (the method that caused the close,
 * or 0) are named {@code failedClassId} and {@code failedMethodId}, because {@link #classId()}
 * and {@link #methodId()} already name this method itself.
 *
 * <p>Threading: immutable.
 */
public record ConnectionClose(int replyCode, String replyText, int failedClassId,
                              int failedMethodId) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CONNECTION_CLOSE;
    }

    static ConnectionClose read(ArgumentReader in) {
        return new ConnectionClose(in.readShort(), in.readShortString(), in.readShort(), in.readShort());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeShort(replyCode);
        out.writeShortString(replyText);
        out.writeShort(failedClassId);
        out.writeShort(failedMethodId);
    }
}
