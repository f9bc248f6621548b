package dev.sluice.amqp091;

import dev.sluice.amqp091.codec.ReplyCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.amqp091.codec.BasicPublish;
import dev.sluice.amqp091.codec.ContentHeader;
import dev.sluice.core.message.MessageProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentAssemblerTest {
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final BasicPublish publish = new BasicPublish("x", "k", false, false);

    private static ContentHeader header(long size) {
        return new ContentHeader(60, size, MessageProperties.EMPTY, Unpooled.buffer(2).writeShort(0));
    }

    private static ByteBuf part(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void emptyBodyCompletesWithTheHeader() {
        ContentAssembler a = new ContentAssembler(16);
        a.start(publish);
        ContentAssembler.Assembled done = a.header(header(0), alloc);
        assertNotNull(done);
        assertEquals(0, done.body().readableBytes());
        done.body().release();
        done.header().release();
        assertTrue(a.idle());
    }

    @Test
    void smallBodyIsCopiedAndItsFramesReleased() {
        ContentAssembler a = new ContentAssembler(16);
        a.start(publish);
        assertNull(a.header(header(6), alloc));
        ByteBuf p1 = part("abc");
        ByteBuf p2 = part("def");
        assertNull(a.body(p1, alloc));
        ContentAssembler.Assembled done = a.body(p2, alloc);
        assertEquals("abcdef", done.body().toString(StandardCharsets.UTF_8));
        assertEquals(0, p1.refCnt());
        assertEquals(0, p2.refCnt());
        done.body().release();
        done.header().release();
    }

    @Test
    void largeBodyIsAssembledWithoutCopying() {
        ContentAssembler a = new ContentAssembler(4);
        a.start(publish);
        a.header(header(10), alloc);
        ByteBuf p1 = part("01234");
        a.body(p1, alloc);
        ContentAssembler.Assembled done = a.body(part("56789"), alloc);
        assertTrue(done.body() instanceof CompositeByteBuf);
        assertEquals("0123456789", done.body().toString(StandardCharsets.UTF_8));
        done.body().release();
        assertEquals(0, p1.refCnt());
        done.header().release();
    }

    @Test
    void bodyLongerThanAnnouncedIsUnexpectedFrame() {
        ContentAssembler a = new ContentAssembler(16);
        a.start(publish);
        a.header(header(2), alloc);
        AmqpError e = assertThrows(AmqpError.class, () -> a.body(part("abc"), alloc));
        assertEquals(ReplyCodes.UNEXPECTED_FRAME, e.replyCode());
        a.discard();
        assertTrue(a.idle());
    }
}
