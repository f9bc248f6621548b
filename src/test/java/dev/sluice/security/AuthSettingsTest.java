package dev.sluice.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {
    @Test
    void defaultsArePlainAndAmqplainWithoutAnonymous() {
        AuthSettings d = AuthSettings.defaults();
        assertEquals("PLAIN AMQPLAIN", d.names(" "));
        assertFalse(d.offers(SaslMechanism.ANONYMOUS));
        assertEquals(List.of(SaslMechanism.PLAIN), d.amqp10Mechanisms());
    }

    @Test
    void anonymousLoginAddsTheMechanismAndItsUser() {
        AuthSettings a = AuthSettings.defaults().withAnonymousLogin("guest");
        assertEquals("PLAIN AMQPLAIN ANONYMOUS", a.names(" "));
        assertEquals(List.of(SaslMechanism.PLAIN, SaslMechanism.ANONYMOUS), a.amqp10Mechanisms());
        assertEquals(Optional.of("guest"), a.anonymousLoginUser());
        assertEquals(a, a.withAnonymousLogin("guest"));
    }

    @Test
    void inconsistentSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AuthSettings(List.of(), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new AuthSettings(List.of(SaslMechanism.PLAIN, SaslMechanism.PLAIN), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new AuthSettings(List.of(SaslMechanism.AMQPLAIN), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new AuthSettings(List.of(SaslMechanism.ANONYMOUS), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new AuthSettings(List.of(SaslMechanism.PLAIN), Optional.of("guest")));
        assertTrue(SaslMechanism.named("anonymous").isPresent());
        assertTrue(SaslMechanism.named("EXTERNAL").isEmpty());
    }
}
