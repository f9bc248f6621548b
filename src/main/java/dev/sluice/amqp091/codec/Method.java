package dev.sluice.amqp091.codec;

/**
 * One AMQP 0-9-1 method with its arguments: an immutable record per method, named after its class
 * and method in PascalCase ({@code basic.publish} is {@link BasicPublish}), whose components are the
 * spec's fields in camelCase and in spec order. Reserved fields are left out (the encoder writes
 * their zero or empty value); {@code connection.close} and {@code channel.close} name their
 * {@code class-id}/{@code method-id} fields {@code failedClassId}/{@code failedMethodId}, since
 * {@link #classId()} and {@link #methodId()} name the method itself.
 *
 * <p>Field types: octet, short and 32-bit long are {@code int} (32-bit values are unsigned on the
 * wire), longlong is {@code long}, bit is {@code boolean}, short string is {@code String}, long string
 * is {@code String} ({@code mechanisms}, {@code locales}) or {@code byte[]} (SASL {@code response},
 * {@code challenge} and {@code new-secret}), table is {@code Map<String, Object>} (see
 * {@link FieldTables}).
 *
 * <p>Use {@link MethodCodec} to encode and decode, or {@link FrameWriter} and {@link FrameDecoder}
 * for whole frames.
 *
 * <p>Threading: every implementation is immutable.
 */
public sealed interface Method permits
        ConnectionStart,
        ConnectionStartOk,
        ConnectionSecure,
        ConnectionSecureOk,
        ConnectionTune,
        ConnectionTuneOk,
        ConnectionOpen,
        ConnectionOpenOk,
        ConnectionClose,
        ConnectionCloseOk,
        ConnectionBlocked,
        ConnectionUnblocked,
        ConnectionUpdateSecret,
        ConnectionUpdateSecretOk,
        ChannelOpen,
        ChannelOpenOk,
        ChannelFlow,
        ChannelFlowOk,
        ChannelClose,
        ChannelCloseOk,
        ExchangeDeclare,
        ExchangeDeclareOk,
        ExchangeDelete,
        ExchangeDeleteOk,
        ExchangeBind,
        ExchangeBindOk,
        ExchangeUnbind,
        ExchangeUnbindOk,
        QueueDeclare,
        QueueDeclareOk,
        QueueBind,
        QueueBindOk,
        QueueUnbind,
        QueueUnbindOk,
        QueuePurge,
        QueuePurgeOk,
        QueueDelete,
        QueueDeleteOk,
        BasicQos,
        BasicQosOk,
        BasicConsume,
        BasicConsumeOk,
        BasicCancel,
        BasicCancelOk,
        BasicPublish,
        BasicReturn,
        BasicDeliver,
        BasicGet,
        BasicGetOk,
        BasicGetEmpty,
        BasicAck,
        BasicReject,
        BasicRecoverAsync,
        BasicRecover,
        BasicRecoverOk,
        BasicNack,
        ConfirmSelect,
        ConfirmSelectOk,
        TxSelect,
        TxSelectOk,
        TxCommit,
        TxCommitOk,
        TxRollback,
        TxRollbackOk {

    /** Which method this is; {@code switch} on it to dispatch. */
    MethodKind kind();

    /** The spec's class id, such as 60 for {@code basic}. */
    default int classId() {
        return kind().classId();
    }

    /** The spec's method id within the class, such as 40 for {@code basic.publish}. */
    default int methodId() {
        return kind().methodId();
    }

    /** The spec's name, such as {@code "basic.publish"}. */
    default String name() {
        return kind().specName();
    }

    /** True for basic.publish, basic.return, basic.deliver and basic.get-ok, which content follows. */
    default boolean hasContent() {
        return kind().carriesContent();
    }

    /**
     * Writes this method's arguments (not its ids) in wire order. {@link MethodCodec#encode} is the way
     * to call it; there is no other way to get an {@link ArgumentWriter}.
     */
    void writeArguments(ArgumentWriter out);
}
