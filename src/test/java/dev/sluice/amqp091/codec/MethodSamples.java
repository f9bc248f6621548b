package dev.sluice.amqp091.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance of every method record, with non-default values in every field so that a field
 * dropped or swapped by the codec shows up in a round trip.
 *
 * <p>Threading: stateless.
 */
final class MethodSamples {
    private MethodSamples() {
    }

    static Map<String, Object> table() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("x-message-ttl", 60_000);
        table.put("x-queue-type", "quorum");
        table.put("x-flag", true);
        table.put("nested", Map.of("depth", 2L));
        table.put("list", List.of("a", 1, false));
        return table;
    }

    static List<Method> all() {
        Map<String, Object> args = table();
        return List.of(
                new ConnectionStart(0, 9, args, "PLAIN AMQPLAIN", "en_US"),
                new ConnectionStartOk(args, "PLAIN", "\0guest\0guest".getBytes(UTF_8), "en_US"),
                new ConnectionSecure(new byte[] {1, 2, 3}),
                new ConnectionSecureOk(new byte[] {4, 5}),
                new ConnectionTune(2047, 131_072, 60),
                new ConnectionTuneOk(65_535, 4096, 0),
                new ConnectionOpen("/vhost"),
                new ConnectionOpenOk(),
                new ConnectionClose(320, "CONNECTION_FORCED - bye", 60, 40),
                new ConnectionCloseOk(),
                new ConnectionBlocked("low on memory"),
                new ConnectionUnblocked(),
                new ConnectionUpdateSecret("new-token".getBytes(UTF_8), "token refresh"),
                new ConnectionUpdateSecretOk(),
                new ChannelOpen(),
                new ChannelOpenOk(),
                new ChannelFlow(true),
                new ChannelFlowOk(false),
                new ChannelClose(404, "NOT_FOUND - no queue 'q'", 50, 10),
                new ChannelCloseOk(),
                new ExchangeDeclare("logs", "topic", false, true, true, false, true, args),
                new ExchangeDeclareOk(),
                new ExchangeDelete("logs", true, false),
                new ExchangeDeleteOk(),
                new ExchangeBind("dest", "src", "a.#", true, args),
                new ExchangeBindOk(),
                new ExchangeUnbind("dest", "src", "a.*", false, args),
                new ExchangeUnbindOk(),
                new QueueDeclare("orders", false, true, false, true, false, args),
                new QueueDeclareOk("amq.gen-Xyz", 42, 3),
                new QueueBind("orders", "amq.direct", "order.created", true, args),
                new QueueBindOk(),
                new QueueUnbind("orders", "amq.direct", "order.created", args),
                new QueueUnbindOk(),
                new QueuePurge("orders", true),
                new QueuePurgeOk(-1),
                new QueueDelete("orders", true, false, true),
                new QueueDeleteOk(7),
                new BasicQos(65_536, 250, true),
                new BasicQosOk(),
                new BasicConsume("orders", "ctag-1", false, true, true, false, args),
                new BasicConsumeOk("amq.ctag-abc"),
                new BasicCancel("ctag-1", true),
                new BasicCancelOk("ctag-1"),
                new BasicPublish("amq.topic", "stock.nyse.ibm", true, false),
                new BasicReturn(312, "NO_ROUTE", "amq.topic", "nowhere"),
                new BasicDeliver("ctag-1", Long.MAX_VALUE, true, "amq.direct", "k\u00e9y"),
                new BasicGet("orders", true),
                new BasicGetOk(-2L, false, "", "orders", 12),
                new BasicGetEmpty(),
                new BasicAck(1_000_000_000_000L, true),
                new BasicReject(5, false),
                new BasicRecoverAsync(true),
                new BasicRecover(false),
                new BasicRecoverOk(),
                new BasicNack(9, true, false),
                new ConfirmSelect(true),
                new ConfirmSelectOk(),
                new TxSelect(),
                new TxSelectOk(),
                new TxCommit(),
                new TxCommitOk(),
                new TxRollback(),
                new TxRollbackOk());
    }
}
