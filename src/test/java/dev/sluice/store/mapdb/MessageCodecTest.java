package dev.sluice.store.mapdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.message.FieldValues;
import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.testing.Messages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every property, every field-value type and the body survive a round trip through the codecs. */
class MessageCodecTest {
    private static Map<String, Object> everyFieldValueType() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("inner", "value");
        nested.put("void", null);
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("string", "héllo ✓");
        table.put("boolean", true);
        table.put("byte", (byte) -7);
        table.put("short", (short) -30000);
        table.put("int", Integer.MIN_VALUE);
        table.put("long", Long.MAX_VALUE);
        table.put("float", 1.5f);
        table.put("double", -2.25e300);
        table.put("decimal", new BigDecimal("-12345678901234567890.123"));
        table.put("timestamp", new Date(1_700_000_000_000L));
        table.put("bytes", new byte[] {0, 1, -1});
        table.put("table", nested);
        table.put("array", Arrays.asList(1, "two", null, List.of(3L), Map.of("k", false)));
        table.put("void", null);
        return table;
    }

    @Test
    void everyFieldValueTypeRoundTrips() {
        Map<String, Object> table = everyFieldValueType();
        ByteBuf buf = Unpooled.buffer();
        FieldValueCodec.writeTable(buf, table);
        Map<String, Object> back = FieldValueCodec.readTable(buf);
        assertEquals(0, buf.readableBytes());
        assertTrue(FieldValues.tablesEqual(table, back), back.toString());
        assertEquals(List.copyOf(table.keySet()), List.copyOf(back.keySet()), "order is kept");
        for (String key : table.keySet()) {
            assertEquals(kindOf(table.get(key)), kindOf(back.get(key)), "type of " + key);
        }
        assertArrayEquals(new byte[] {0, 1, -1}, (byte[]) back.get("bytes"));
        buf.release();
    }

    /** The Java type a field value decodes to; any table is a Map and any array a List. */
    private static Class<?> kindOf(Object value) {
        if (value instanceof Map) {
            return Map.class;
        }
        if (value instanceof List) {
            return List.class;
        }
        return value == null ? null : value.getClass();
    }

    @Test
    void aValueOutsideTheFieldValueTypesIsRefused() {
        ByteBuf buf = Unpooled.buffer();
        assertThrows(IllegalArgumentException.class, () -> FieldValueCodec.writeValue(buf, new Object()));
        buf.release();
    }

    @Test
    void aMessageWithEveryPropertyRoundTrips() {
        MessageProperties props = MessageProperties.builder()
                .contentType("application/json").contentEncoding("gzip").headers(everyFieldValueType())
                .persistent().priority(7).correlationId("corr").replyTo("amq.rabbitmq.reply-to")
                .expiration("60000").messageId("msg-1").timestamp(Instant.ofEpochSecond(1_700_000_000L, 123))
                .type("order.created").userId("guest").appId("shop").clusterId("c1").build();
        Message m = Message.builder().id(99).exchange("orders").routingKey("eu.created").ccKeys(List.of("audit", "bi"))
                .properties(props).annotations(Map.of("x-opt-jms-msg-type", (byte) 5)).body("payload ✓")
                .publishedAt(1_700_000_123_456L).encoded("adapter cache").build();
        Message back = MessageCodec.decode(99, MessageCodec.encode(m));
        assertEquals(99, back.id());
        assertEquals("orders", back.exchange());
        assertEquals("eu.created", back.routingKey());
        assertEquals(List.of("audit", "bi"), back.ccKeys());
        assertEquals(1_700_000_123_456L, back.publishedAt());
        assertEquals(Map.of("x-opt-jms-msg-type", (byte) 5), back.annotations());
        assertEquals("payload ✓", Messages.bodyOf(back));
        assertNull(back.encoded(), "the adapter's encoding is not kept");
        MessageProperties p = back.properties();
        assertTrue(FieldValues.tablesEqual(props.headers(), p.headers()));
        assertEquals(props.withHeaders(Map.of()), p.withHeaders(Map.of()));
        assertEquals(0, m.body().readerIndex(), "encoding does not consume the body");
        m.release();
        back.release();
        assertEquals(0, back.body().refCnt());
    }

    @Test
    void aMessageWithNothingSetRoundTrips() {
        Message m = Messages.text("");
        Message back = MessageCodec.decode(1, MessageCodec.encode(m));
        assertEquals(MessageProperties.EMPTY, back.properties());
        assertEquals(0, back.bodySize());
        m.release();
        back.release();
    }

    @Test
    void aDamagedOrNewerRecordIsReportedNotMisread() {
        Message m = Messages.text("body");
        byte[] record = MessageCodec.encode(m);
        m.release();
        byte[] cut = Arrays.copyOf(record, record.length - 2);
        assertThrows(CorruptRecordException.class, () -> MessageCodec.decode(1, cut));
        record[0] = (byte) (MessageCodec.VERSION + 1);
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> MessageCodec.decode(1, record));
        assertTrue(e.getMessage().contains("codec version"), e.getMessage());
    }

    @Test
    void entryRecordsRoundTrip() {
        EntryRecord r = new EntryRecord(12, Long.MAX_VALUE, 9, 300, true, 1024);
        assertEquals(r, EntryRecord.decode(r.encode()));
    }

    @Test
    void anEphemeralEntryRecordKeepsItsFlagThroughADeliveryChange() {
        EntryRecord r = new EntryRecord(12, 5000, 3, 2, false, 77, true);
        EntryRecord back = EntryRecord.decode(r.encode());
        assertEquals(r, back);
        assertEquals(new EntryRecord(12, 5000, 3, 4, true, 77, true), back.withDelivery(4, true));
    }

    @Test
    void aVersionOneEntryRecordReadsWithoutABodySize() {
        byte[] v2 = new EntryRecord(12, 5000, 3, 2, true, 77).encode();
        byte[] v1 = Arrays.copyOf(v2, v2.length - 1);
        v1[0] = 1;
        assertEquals(new EntryRecord(12, 5000, 3, 2, true, 0), EntryRecord.decode(v1));
        v1[0] = (byte) (EntryRecord.VERSION + 1);
        assertThrows(CorruptRecordException.class, () -> EntryRecord.decode(v1));
    }
}
