package dev.sluice.amqp091;

import dev.sluice.amqp091.codec.ConnectionBlocked;
import dev.sluice.amqp091.codec.ConnectionUnblocked;
import dev.sluice.core.alarm.Resource;
import io.netty.channel.Channel;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Blocking one connection while a resource alarm is on, as RabbitMQ does. A connection that has
 * published is told {@code connection.blocked} when an alarm goes on (if the client announced the
 * {@code connection.blocked} capability); a connection that publishes while an alarm is on is told
 * too, and once that message is complete (and accepted, so its confirm is not held back) the server
 * stops reading from its socket (Netty's auto-read off). Frames already read are still handled;
 * the rest waits in the socket, so nothing is lost. Connections that only consume are never
 * blocked, so backlogs can drain. When every alarm has cleared, reading resumes
 * and {@code connection.unblocked} follows a {@code connection.blocked}. While reading is paused,
 * and for one heartbeat timeout after, missed heartbeats do not close the connection.
 *
 * <p>Threading: event-loop confined (owned by its {@link Amqp091Connection}).
 */
final class ConnectionBlocking {
    private final Channel channel;
    private final Outbound out;
    private boolean clientNotified;
    private boolean published;
    private boolean blockedSent;
    private boolean paused;
    private long resumedAtNanos;
    private boolean everResumed;

    ConnectionBlocking(Channel channel, Outbound out) {
        this.channel = channel;
        this.out = out;
    }

    /** Whether the client announced the {@code connection.blocked} capability. */
    void notifyClient(boolean capability) {
        clientNotified = capability;
    }

    /** True while reading is paused. */
    boolean isPaused() {
        return paused;
    }

    /** A message was published; {@code alarms} are those raised now. */
    void onPublish(Set<Resource> alarms) {
        published = true;
        if (!alarms.isEmpty()) {
            sendBlocked(alarms);
            if (!paused) {
                paused = true;
                channel.config().setAutoRead(false);
            }
        }
    }

    /** The broker's alarms changed (the connection is open). */
    void alarmsChanged(Set<Resource> alarms) {
        if (alarms.isEmpty()) {
            if (paused) {
                paused = false;
                everResumed = true;
                resumedAtNanos = System.nanoTime();
                channel.config().setAutoRead(true);
            }
            if (blockedSent) {
                blockedSent = false;
                out.method(0, new ConnectionUnblocked());
                out.flush();
            }
        } else if (published) {
            sendBlocked(alarms);
        }
    }

    /**
     * Whether a reader-idle timeout of {@code timeoutNanos} says nothing about the client: reading is
     * paused, or resumed too recently for the client's heartbeats to have been read.
     */
    boolean excusesReaderIdle(long timeoutNanos) {
        return paused || (everResumed && System.nanoTime() - resumedAtNanos < timeoutNanos);
    }

    private void sendBlocked(Set<Resource> alarms) {
        if (clientNotified && !blockedSent) {
            blockedSent = true;
            out.method(0, new ConnectionBlocked(reason(alarms)));
            out.flush();
        }
    }

    /** RabbitMQ's wording: "low on memory", "low on disk", or both. */
    static String reason(Set<Resource> alarms) {
        return "low on " + alarms.stream().map(Resource::label).collect(Collectors.joining(" and "));
    }
}
