package dev.sluice.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.amqp091.codec.FieldTables;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SaslCredentialsTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plainWithAndWithoutAuthorizationId() {
        assertEquals(new SaslCredentials("guest", "pw"), SaslCredentials.parse("PLAIN", bytes("\0guest\0pw")));
        assertEquals(new SaslCredentials("guest", "p\u00e9"), SaslCredentials.parse("PLAIN", bytes("admin\0guest\0p\u00e9")));
        assertEquals(new SaslCredentials("u", ""), SaslCredentials.parse("PLAIN", bytes("\0u\0")));
    }

    @Test
    void malformedPlainIsNull() {
        assertNull(SaslCredentials.parse("PLAIN", bytes("guest-guest")));
        assertNull(SaslCredentials.parse("PLAIN", bytes("\0only-user")));
    }

    @Test
    void amqplainReadsLoginAndPassword() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("LOGIN", "guest");
        table.put("PASSWORD", "secret");
        ByteBuf buf = Unpooled.buffer();
        FieldTables.write(buf, table);
        buf.skipBytes(4); // AMQPLAIN sends the table without its length prefix
        byte[] response = ByteBufUtil.getBytes(buf);
        buf.release();
        assertEquals(new SaslCredentials("guest", "secret"), SaslCredentials.parse("AMQPLAIN", response));
    }

    @Test
    void malformedAmqplainAndUnknownMechanismsAreNull() {
        assertNull(SaslCredentials.parse("AMQPLAIN", new byte[] {5, 'L', 'O'}));
        assertNull(SaslCredentials.parse("EXTERNAL", bytes("x")));
    }
}
