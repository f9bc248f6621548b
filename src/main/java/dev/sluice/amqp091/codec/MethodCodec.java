package dev.sluice.amqp091.codec;

import io.netty.buffer.ByteBuf;

/**
 * Encodes and decodes the payload of a method frame: {@code class-id(2) method-id(2) arguments}.
 *
 * <p>Decoding errors, all {@link AmqpSyntaxException}: an unknown class or method id is 540
 * NOT_IMPLEMENTED; arguments that end early, or octets left after the last argument, are 501
 * FRAME_ERROR (RabbitMQ answers undecodable method arguments the same way); an illegal value inside
 * an argument table is 502 SYNTAX_ERROR.
 *
 * <p>Threading: stateless.
 */
public final class MethodCodec {
    private MethodCodec() {
    }

    /** Decodes a whole method frame payload, reading it to its end. */
    public static Method decode(ByteBuf payload) {
        int classId = Wire.readShort(payload, "method frame");
        int methodId = Wire.readShort(payload, "method frame");
        MethodKind kind = MethodKind.of(classId, methodId);
        if (kind == null) {
            throw new AmqpSyntaxException(ReplyCodes.NOT_IMPLEMENTED,
                    "unknown method: class-id " + classId + ", method-id " + methodId);
        }
        ArgumentReader reader = new ArgumentReader(payload, kind.specName());
        Method method = kind.read(reader);
        reader.requireFullyRead();
        return method;
    }

    /**
     * Writes the method's ids and arguments. A value that does not fit its field throws
     * {@link IllegalArgumentException}, and then nothing is left written.
     */
    public static void encode(Method method, ByteBuf out) {
        Wire.writeOrRollBack(out, buf -> {
            buf.writeShort(method.classId());
            buf.writeShort(method.methodId());
            ArgumentWriter writer = new ArgumentWriter(buf);
            method.writeArguments(writer);
            writer.finish();
        });
    }
}
