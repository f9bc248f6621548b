package dev.sluice.interop.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import org.junit.jupiter.api.function.Executable;

/**
 * Assertions on the errors a broker reports by closing a channel ({@code channel.close}, a soft
 * error) or the whole connection ({@code connection.close}, a hard error), read from the Java
 * client's {@link ShutdownSignalException#getReason()}.
 */
final class ProtocolErrors {
    private ProtocolErrors() {
    }

    /** Runs a synchronous call that must fail with a channel error of this code whose text has every word. */
    static AMQP.Channel.Close assertChannelError(int replyCode, Executable action, String... words) {
        Throwable thrown = assertThrows(Exception.class, action);
        AMQP.Channel.Close close = channelClose(shutdownSignal(thrown));
        assertReply(replyCode, close.getReplyCode(), close.getReplyText(), words);
        return close;
    }

    /** Waits for the broker to close this channel (after an asynchronous method) and checks why. */
    static AMQP.Channel.Close assertChannelClosed(Channel channel, int replyCode, String... words) {
        Await.awaitCondition(Await.TIMEOUT, () -> !channel.isOpen());
        AMQP.Channel.Close close = channelClose(channel.getCloseReason());
        assertReply(replyCode, close.getReplyCode(), close.getReplyText(), words);
        return close;
    }

    /** Runs a call that must fail with a connection error of this code whose text has every word. */
    static AMQP.Connection.Close assertConnectionError(int replyCode, Executable action, String... words) {
        Throwable thrown = assertThrows(Exception.class, action);
        AMQP.Connection.Close close = connectionClose(shutdownSignal(thrown));
        assertReply(replyCode, close.getReplyCode(), close.getReplyText(), words);
        return close;
    }

    /** Waits for the broker to close this connection and checks why. */
    static AMQP.Connection.Close assertConnectionClosed(Connection connection, int replyCode, String... words) {
        Await.awaitCondition(Await.TIMEOUT, () -> !connection.isOpen());
        AMQP.Connection.Close close = connectionClose(connection.getCloseReason());
        assertReply(replyCode, close.getReplyCode(), close.getReplyText(), words);
        return close;
    }

    /** The reply code of the channel.close behind this exception, or -1 when there is none. */
    static int channelCloseCode(Throwable thrown) {
        ShutdownSignalException signal = findShutdownSignal(thrown);
        if (signal != null && signal.getReason() instanceof AMQP.Channel.Close close) {
            return close.getReplyCode();
        }
        return -1;
    }

    private static void assertReply(int expectedCode, int replyCode, String replyText, String... words) {
        assertEquals(expectedCode, replyCode, () -> "reply text: " + replyText);
        for (String word : words) {
            assertTrue(replyText.contains(word), () -> "reply text lacks '" + word + "': " + replyText);
        }
    }

    private static AMQP.Channel.Close channelClose(ShutdownSignalException signal) {
        Method reason = signal.getReason();
        if (reason instanceof AMQP.Channel.Close close) {
            return close;
        }
        throw new AssertionError("expected a channel error, got " + reason, signal);
    }

    private static AMQP.Connection.Close connectionClose(ShutdownSignalException signal) {
        Method reason = signal.getReason();
        if (reason instanceof AMQP.Connection.Close close) {
            return close;
        }
        throw new AssertionError("expected a connection error, got " + reason, signal);
    }

    private static ShutdownSignalException shutdownSignal(Throwable thrown) {
        ShutdownSignalException signal = findShutdownSignal(thrown);
        if (signal == null) {
            throw new AssertionError("no shutdown signal behind " + thrown, thrown);
        }
        return signal;
    }

    private static ShutdownSignalException findShutdownSignal(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal) {
                return signal;
            }
        }
        return null;
    }
}
