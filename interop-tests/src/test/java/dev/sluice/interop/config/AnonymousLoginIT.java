package dev.sluice.interop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.SaslConfig;
import com.rabbitmq.client.SaslMechanism;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.LongStringHelper;
import dev.sluice.interop.BrokerProcess;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * SASL ANONYMOUS only when configured ({@code server.auth}), for both protocols: a broker without
 * that section does not offer it (AMQP 0-9-1's connection.start lists PLAIN and AMQPLAIN, AMQP
 * 1.0's SASL mechanisms PLAIN) and refuses a client that tries it anyway; a broker configured with
 * {@code anonymous-login-user: app} lets anonymous clients in as {@code app}, with app's
 * permissions. Seen with the RabbitMQ Java client and Qpid JMS.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnonymousLoginIT {
    private static final String HASH = "0RDMObW9r1gC9kIHxo/6fpJSi67K4S+sPdoGG+kETjnVfnpz"; // shop-secret
    private BrokerProcess plain;
    private BrokerProcess anonymous;

    @BeforeAll
    void start() throws Exception {
        plain = BrokerProcess.start();
        Path file = Files.createTempDirectory("sluice-anonymous-").resolve("sluice.yaml");
        Files.writeString(file, """
                server:
                  auth:
                    mechanisms: [PLAIN, AMQPLAIN, ANONYMOUS]
                    anonymous-login-user: app
                users:
                  - {name: app, password-hash: "%s"}
                permissions:
                  - {user: app, vhost: /, configure: "^app\\\\.", write: "^(amq\\\\.default|app\\\\..*)$", read: "^app\\\\."}
                """.formatted(HASH));
        anonymous = BrokerProcess.start(List.of("--config", file.toString()));
    }

    @AfterAll
    void stop() {
        if (plain != null) {
            plain.close();
        }
        if (anonymous != null) {
            anonymous.close();
        }
    }

    // ---------------------------------------------------------------- AMQP 0-9-1

    @Test
    void amqp091OffersNoAnonymousByDefault() {
        ConnectionFactory f = factory(plain);
        f.setSaslConfig(DefaultSaslConfig.ANONYMOUS);
        IOException e = assertThrows(IOException.class, f::newConnection);
        assertTrue(e.getMessage().contains("server offered [PLAIN AMQPLAIN]"), e.getMessage());
    }

    @Test
    void amqp091RefusesAnonymousWhenNotOffered() {
        ConnectionFactory f = factory(plain);
        f.setSaslConfig(anyway());
        AuthenticationFailureException e = assertThrows(AuthenticationFailureException.class, f::newConnection);
        assertEquals("ACCESS_REFUSED - unsupported authentication mechanism 'ANONYMOUS' (offered: PLAIN, AMQPLAIN)",
                e.getMessage());
    }

    @Test
    void amqp091AnonymousActsAsTheConfiguredUser() throws Exception {
        ConnectionFactory f = factory(anonymous);
        f.setSaslConfig(DefaultSaslConfig.ANONYMOUS);
        try (Connection c = f.newConnection()) {
            Channel ch = c.createChannel();
            ch.queueDeclare("app.anonymous", false, false, true, null);
            Channel refused = c.createChannel();
            IOException e = assertThrows(IOException.class,
                    () -> refused.queueDeclare("other", false, false, true, null));
            AMQP.Channel.Close close = (AMQP.Channel.Close) ((ShutdownSignalException) e.getCause()).getReason();
            assertEquals(403, close.getReplyCode());
            assertEquals("ACCESS_REFUSED - configure access to queue 'other' in vhost '/' refused for user 'app'",
                    close.getReplyText());
        }
        ConnectionFactory withPassword = factory(anonymous);
        withPassword.setUsername("app");
        withPassword.setPassword("shop-secret");
        try (Connection c = withPassword.newConnection()) {
            assertTrue(c.isOpen(), "PLAIN still works");
        }
    }

    // ---------------------------------------------------------------- AMQP 1.0

    @Test
    void amqp10RefusesAnonymousByDefault() {
        JmsConnectionFactory f = new JmsConnectionFactory(uri(plain));
        JMSException e = assertThrows(JMSException.class, () -> f.createConnection().start());
        assertTrue(String.valueOf(e.getMessage()).contains("SASL"), String.valueOf(e.getMessage()));
    }

    @Test
    void amqp10AnonymousActsAsTheConfiguredUser() throws Exception {
        JmsConnectionFactory f = new JmsConnectionFactory(uri(anonymous));
        try (jakarta.jms.Connection c = f.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue("app.jms")).send(s.createTextMessage("hi"));
            assertEquals("hi", ((jakarta.jms.TextMessage) s.createConsumer(s.createQueue("app.jms")).receive(10_000))
                    .getText());
            JMSSecurityException e = assertThrows(JMSSecurityException.class,
                    () -> s.createProducer(s.createTopic("news")));
            assertTrue(e.getMessage().contains("write access to exchange 'amq.topic' in vhost '/' refused for user "
                    + "'app'"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ConnectionFactory factory(BrokerProcess broker) {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(broker.host());
        f.setPort(broker.amqpPort());
        f.setAutomaticRecoveryEnabled(false);
        return f;
    }

    private static String uri(BrokerProcess broker) {
        return "amqp://" + broker.host() + ":" + broker.amqpPort()
                + "?transport.useEpoll=false&amqp.saslMechanisms=ANONYMOUS";
    }

    /** Chooses ANONYMOUS whatever the server offers. */
    private static SaslConfig anyway() {
        return offered -> new SaslMechanism() {
            @Override
            public String getName() {
                return "ANONYMOUS";
            }

            @Override
            public LongString handleChallenge(LongString challenge, String username, String password) {
                return LongStringHelper.asLongString("");
            }
        };
    }
}
