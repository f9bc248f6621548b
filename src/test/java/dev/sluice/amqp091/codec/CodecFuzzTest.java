package dev.sluice.amqp091.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.core.message.FieldValues;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;

/**
 * Fuzz tests of the decoding paths that read bytes from the network (Jazzer).
 *
 * <p>A normal build ({@code mvn verify}) runs each test once per committed input in
 * {@code src/test/resources/dev/sluice/amqp091/codec/CodecFuzzTestInputs/<method>/}: valid frames,
 * broken frames and every crash the fuzzer ever found. To fuzz for real, one test per run:
 * <pre>
 * JAZZER_FUZZ=1 mvn -o test -Dtest='CodecFuzzTest#frameDecoder' -Djazzer.max_duration=2m
 * JAZZER_FUZZ=1 mvn -o test -Dtest='CodecFuzzTest#fieldTables' -Djazzer.max_duration=2m
 * JAZZER_FUZZ=1 mvn -o test -Dtest='CodecFuzzTest#methodPayload' -Djazzer.max_duration=2m
 * </pre>
 * A failing input is saved to that inputs directory (commit it once the bug is fixed); the growing
 * corpus goes to {@code .cifuzz-corpus/}, which is not committed.
 *
 * <p>Threading: single-threaded.
 */
class CodecFuzzTest {

    /**
     * Bytes from a peer, in two reads: only frames and at most one final {@link FrameError} come
     * out, nothing throws, and every buffer reference is released in the end.
     */
    @FuzzTest(maxDuration = "2m")
    void frameDecoder(byte[] input) {
        try (DecoderHarness harness = new DecoderHarness()) {
            int split = input.length / 3;
            harness.feed(input, 0, split);
            List<Object> out = harness.feed(input, split, input.length);
            for (int i = 0; i < out.size(); i++) {
                Object message = out.get(i);
                if (message instanceof FrameError error) {
                    assertEquals(out.size() - 1, i, "a frame error is the last thing emitted");
                    assertTrue(harness.decoder.failed());
                    assertTrue(error.replyCode() >= 500, error::toString);
                } else {
                    assertInstanceOf(Frame.class, message);
                }
            }
            harness.finish();
            assertTrue(harness.releaseEverything(), "leaked a buffer");
        }
    }

    /** A field table read either fails with the codec's exception or survives a re-encoding. */
    @FuzzTest(maxDuration = "2m")
    void fieldTables(byte[] input) {
        Map<String, Object> table;
        try {
            table = FieldTables.read(Unpooled.wrappedBuffer(input));
        } catch (AmqpSyntaxException expected) {
            return;
        }
        ByteBuf buf = Unpooled.buffer();
        try {
            FieldTables.write(buf, table);
            Map<String, Object> again = FieldTables.read(buf);
            assertTrue(FieldValues.tablesEqual(table, again), () -> table + " became " + again);
        } catch (IllegalArgumentException e) {
            // only a key made longer by replacing invalid UTF-8 may fail to re-encode
            assertTrue(e.getMessage().startsWith("short string"), e::getMessage);
        } finally {
            buf.release();
        }
    }

    /**
     * A method payload either fails with the codec's exception or decodes to a method whose encoding
     * decodes to the same encoding again (compared as octets: tables may hold byte arrays, which
     * records compare by identity).
     */
    @FuzzTest(maxDuration = "2m")
    void methodPayload(byte[] input) {
        Method method;
        try {
            method = MethodCodec.decode(Unpooled.wrappedBuffer(input));
        } catch (AmqpSyntaxException expected) {
            return;
        }
        byte[] encoded;
        try {
            encoded = Buffers.written(buf -> MethodCodec.encode(method, buf));
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("short string"), e::getMessage);
            return;
        }
        Method again = MethodCodec.decode(Unpooled.wrappedBuffer(encoded));
        assertEquals(method.kind(), again.kind());
        assertArrayEquals(encoded, Buffers.written(buf -> MethodCodec.encode(again, buf)));
    }
}
