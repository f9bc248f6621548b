package dev.sluice.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.core.Broker;
import dev.sluice.core.BrokerSettings;
import dev.sluice.core.message.Message;
import dev.sluice.security.AccessControl;
import dev.sluice.security.UserRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzz tests of the AMQP 1.0 decode paths (Jazzer), like the 0-9-1 decoder's.
 *
 * <p>A normal build runs each test once per committed input in
 * {@code src/test/resources/dev/sluice/amqp10/ProtonFuzzTestInputs/<method>/}. To fuzz for real:
 * <pre>
 * JAZZER_FUZZ=1 mvn -o test -Dtest='ProtonFuzzTest#frames' -Djazzer.max_duration=2m
 * JAZZER_FUZZ=1 mvn -o test -Dtest='ProtonFuzzTest#messageSections' -Djazzer.max_duration=2m
 * </pre>
 *
 * <p>Threading: single-threaded (the embedded channel runs on the test thread).
 */
class ProtonFuzzTest {
    private static final Broker BROKER = new Broker(BrokerSettings.defaults().withFilters(dev.sluice.amqp10.jms.Selector.LANGUAGE));
    private static final UserRegistry USERS = UserRegistry.withDefaultGuest();
    private static final Amqp10Settings SETTINGS = Amqp10Settings.defaults("fuzz").withAnonymousUser("guest");
    private static final EndpointServices SERVICES = EndpointServices.of(BROKER, USERS,
            AccessControl.withDefaultGuest());

    @AfterAll
    static void closeBroker() {
        BROKER.close();
    }

    /**
     * Bytes from a peer, in two reads, to a whole connection handler (anonymous access on, so the
     * bytes reach the AMQP layer without SASL): nothing escapes the handler, and every buffer it
     * wrote and every buffer it was given is released. Once it has closed the connection, the
     * second read is not given to it.
     */
    @FuzzTest(maxDuration = "2m")
    void frames(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(new Amqp10Connection(SERVICES, SETTINGS));
        List<ByteBuf> given = new ArrayList<>();
        try {
            int split = input.length / 2;
            given.add(Unpooled.wrappedBuffer(input, 0, split).retain());
            given.add(Unpooled.wrappedBuffer(input, split, input.length - split).retain());
            for (ByteBuf b : given) {
                if (channel.isOpen()) {
                    channel.writeInbound(b);
                    channel.runPendingTasks();
                } else {
                    b.release(); // the handler closed the connection: the rest is never read
                }
            }
            channel.checkException();
        } finally {
            channel.finishAndReleaseAll();
            for (Object out; (out = channel.readOutbound()) != null; ) {
                ReferenceCountUtil.release(out);
            }
        }
        for (ByteBuf b : given) {
            assertEquals(1, b.refCnt(), "the handler released what it read");
            b.release();
        }
    }

    /**
     * A transfer payload is either refused as malformed or becomes a core message whose encoding
     * for a 1.0 consumer scans again, with the same neutral properties.
     */
    @FuzzTest(maxDuration = "2m")
    void messageSections(byte[] input) {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        Sections s;
        try {
            s = Sections.scan(decoder, input, input.length);
        } catch (MalformedMessageException expected) {
            return;
        }
        Message m = InboundMessages.toCore(input.clone(), s, "", "q", 0);
        ByteBuf out = new OutboundMessages(encoder).encode(m, 1, UnpooledByteBufAllocator.DEFAULT);
        try {
            byte[] again = io.netty.buffer.ByteBufUtil.getBytes(out);
            Sections rescanned = Sections.scan(decoder, again, again.length);
            Message m2 = InboundMessages.toCore(again, rescanned, "", "q", 0);
            assertEquals(m.properties().messageId(), m2.properties().messageId());
            assertEquals(m.bodySize(), m2.bodySize());
            m2.release();
        } finally {
            out.release();
            m.release();
        }
        assertTrue(m.body().refCnt() == 0);
    }
}
