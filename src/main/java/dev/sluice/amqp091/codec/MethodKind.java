package dev.sluice.amqp091.codec;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Every AMQP 0-9-1 method this codec knows (the spec's, plus RabbitMQ's extensions), with its class id,
 * method id, spec name and whether content follows it. {@link Method#kind()} gives a method's kind, so
 * connection and channel state machines can {@code switch} over methods.
 *
 * <p>Threading: immutable.
 */
public enum MethodKind {
    CONNECTION_START(10, 10, ConnectionStart::read),
    CONNECTION_START_OK(10, 11, ConnectionStartOk::read),
    CONNECTION_SECURE(10, 20, ConnectionSecure::read),
    CONNECTION_SECURE_OK(10, 21, ConnectionSecureOk::read),
    CONNECTION_TUNE(10, 30, ConnectionTune::read),
    CONNECTION_TUNE_OK(10, 31, ConnectionTuneOk::read),
    CONNECTION_OPEN(10, 40, ConnectionOpen::read),
    CONNECTION_OPEN_OK(10, 41, ConnectionOpenOk::read),
    CONNECTION_CLOSE(10, 50, ConnectionClose::read),
    CONNECTION_CLOSE_OK(10, 51, ConnectionCloseOk::read),
    CONNECTION_BLOCKED(10, 60, ConnectionBlocked::read),
    CONNECTION_UNBLOCKED(10, 61, ConnectionUnblocked::read),
    CONNECTION_UPDATE_SECRET(10, 70, ConnectionUpdateSecret::read),
    CONNECTION_UPDATE_SECRET_OK(10, 71, ConnectionUpdateSecretOk::read),

    CHANNEL_OPEN(20, 10, ChannelOpen::read),
    CHANNEL_OPEN_OK(20, 11, ChannelOpenOk::read),
    CHANNEL_FLOW(20, 20, ChannelFlow::read),
    CHANNEL_FLOW_OK(20, 21, ChannelFlowOk::read),
    CHANNEL_CLOSE(20, 40, ChannelClose::read),
    CHANNEL_CLOSE_OK(20, 41, ChannelCloseOk::read),

    EXCHANGE_DECLARE(40, 10, ExchangeDeclare::read),
    EXCHANGE_DECLARE_OK(40, 11, ExchangeDeclareOk::read),
    EXCHANGE_DELETE(40, 20, ExchangeDelete::read),
    EXCHANGE_DELETE_OK(40, 21, ExchangeDeleteOk::read),
    EXCHANGE_BIND(40, 30, ExchangeBind::read),
    EXCHANGE_BIND_OK(40, 31, ExchangeBindOk::read),
    EXCHANGE_UNBIND(40, 40, ExchangeUnbind::read),
    EXCHANGE_UNBIND_OK(40, 51, ExchangeUnbindOk::read),

    QUEUE_DECLARE(50, 10, QueueDeclare::read),
    QUEUE_DECLARE_OK(50, 11, QueueDeclareOk::read),
    QUEUE_BIND(50, 20, QueueBind::read),
    QUEUE_BIND_OK(50, 21, QueueBindOk::read),
    QUEUE_UNBIND(50, 50, QueueUnbind::read),
    QUEUE_UNBIND_OK(50, 51, QueueUnbindOk::read),
    QUEUE_PURGE(50, 30, QueuePurge::read),
    QUEUE_PURGE_OK(50, 31, QueuePurgeOk::read),
    QUEUE_DELETE(50, 40, QueueDelete::read),
    QUEUE_DELETE_OK(50, 41, QueueDeleteOk::read),

    BASIC_QOS(60, 10, BasicQos::read),
    BASIC_QOS_OK(60, 11, BasicQosOk::read),
    BASIC_CONSUME(60, 20, BasicConsume::read),
    BASIC_CONSUME_OK(60, 21, BasicConsumeOk::read),
    BASIC_CANCEL(60, 30, BasicCancel::read),
    BASIC_CANCEL_OK(60, 31, BasicCancelOk::read),
    BASIC_PUBLISH(60, 40, BasicPublish::read, true),
    BASIC_RETURN(60, 50, BasicReturn::read, true),
    BASIC_DELIVER(60, 60, BasicDeliver::read, true),
    BASIC_GET(60, 70, BasicGet::read),
    BASIC_GET_OK(60, 71, BasicGetOk::read, true),
    BASIC_GET_EMPTY(60, 72, BasicGetEmpty::read),
    BASIC_ACK(60, 80, BasicAck::read),
    BASIC_REJECT(60, 90, BasicReject::read),
    BASIC_RECOVER_ASYNC(60, 100, BasicRecoverAsync::read),
    BASIC_RECOVER(60, 110, BasicRecover::read),
    BASIC_RECOVER_OK(60, 111, BasicRecoverOk::read),
    BASIC_NACK(60, 120, BasicNack::read),

    CONFIRM_SELECT(85, 10, ConfirmSelect::read),
    CONFIRM_SELECT_OK(85, 11, ConfirmSelectOk::read),

    TX_SELECT(90, 10, TxSelect::read),
    TX_SELECT_OK(90, 11, TxSelectOk::read),
    TX_COMMIT(90, 20, TxCommit::read),
    TX_COMMIT_OK(90, 21, TxCommitOk::read),
    TX_ROLLBACK(90, 30, TxRollback::read),
    TX_ROLLBACK_OK(90, 31, TxRollbackOk::read);

    private static final Map<Integer, MethodKind> BY_ID = indexById();

    private final int classId;
    private final int methodId;
    private final String specName;
    private final boolean carriesContent;
    private final Function<ArgumentReader, Method> reader;

    MethodKind(int classId, int methodId, Function<ArgumentReader, Method> reader) {
        this(classId, methodId, reader, false);
    }

    MethodKind(int classId, int methodId, Function<ArgumentReader, Method> reader, boolean carriesContent) {
        this.classId = classId;
        this.methodId = methodId;
        this.reader = reader;
        this.carriesContent = carriesContent;
        this.specName = specName(name());
    }

    /** CONNECTION_START_OK is "connection.start-ok": the class, a dot, then the method with dashes. */
    private static String specName(String constant) {
        String lower = constant.toLowerCase(java.util.Locale.ROOT);
        int dot = lower.indexOf('_');
        return lower.substring(0, dot) + '.' + lower.substring(dot + 1).replace('_', '-');
    }

    private static Map<Integer, MethodKind> indexById() {
        Map<Integer, MethodKind> byId = new HashMap<>();
        for (MethodKind kind : values()) {
            byId.put(key(kind.classId, kind.methodId), kind);
        }
        return Map.copyOf(byId);
    }

    private static int key(int classId, int methodId) {
        return classId << 16 | methodId;
    }

    /** The kind with these ids, or null when the codec knows no such method. */
    public static MethodKind of(int classId, int methodId) {
        return BY_ID.get(key(classId, methodId));
    }

    public int classId() {
        return classId;
    }

    public int methodId() {
        return methodId;
    }

    /** The spec's name, such as {@code "basic.publish"}. */
    public String specName() {
        return specName;
    }

    /** True for the methods a content header and body frames follow. */
    public boolean carriesContent() {
        return carriesContent;
    }

    Method read(ArgumentReader in) {
        return reader.apply(in);
    }
}
