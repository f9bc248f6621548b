package dev.sluice.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserRegistryTest {
    private final UserRegistry users = UserRegistry.withDefaultGuest();
    private final InetSocketAddress local = new InetSocketAddress("127.0.0.1", 40000);
    private final InetSocketAddress remote = new InetSocketAddress("192.0.2.10", 40000);

    @Test
    void guestLogsInFromLoopback() throws Exception {
        assertEquals("guest", users.authenticate("PLAIN", "guest", "guest", local).name());
    }

    @Test
    void guestIsRefusedFromElsewhere() {
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> users.authenticate("PLAIN", "guest", "guest", remote));
        assertTrue(e.getMessage().contains("localhost"));
        assertTrue(e.clientText().startsWith("ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN"));
    }

    @Test
    void wrongPasswordAndUnknownUserAreRefused() {
        assertThrows(AuthenticationException.class, () -> users.authenticate("PLAIN", "guest", "nope", local));
        assertThrows(AuthenticationException.class, () -> users.authenticate("PLAIN", "who", "guest", local));
    }

    @Test
    void otherUsersMayLogInFromAnywhere() throws Exception {
        users.put(new User("app", PasswordHash.create("s3cret", new SecureRandom()), Set.of(), false));
        assertEquals("app", users.authenticate("AMQPLAIN", "app", "s3cret", remote).name());
    }

    @Test
    void anonymousLoginsActAsTheirUserWithItsLoopbackRule() throws Exception {
        assertEquals("guest", users.anonymous("guest", local).name());
        AuthenticationException fromElsewhere = assertThrows(AuthenticationException.class,
                () -> users.anonymous("guest", remote));
        assertTrue(fromElsewhere.getMessage().contains("localhost"), fromElsewhere.getMessage());
        assertTrue(fromElsewhere.clientText().contains("mechanism ANONYMOUS"), fromElsewhere.clientText());
        users.put(new User("app", PasswordHash.create("s3cret", new SecureRandom()), Set.of(), false));
        assertEquals("app", users.anonymous("app", remote).name());
        assertThrows(AuthenticationException.class, () -> users.anonymous("gone", local));
    }

    @Test
    void hashesRoundTripAndRefuseMalformedText() {
        PasswordHash h = PasswordHash.create("pw", new SecureRandom());
        PasswordHash parsed = PasswordHash.parse(h.encoded());
        assertTrue(parsed.matches("pw"));
        assertFalse(parsed.matches("pW"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("not base64!"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("AAAA"));
    }
}
