package dev.sluice.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how an {@link AmqpListener} listens.
 *
 * @param host the interface to bind; {@code 0.0.0.0} binds every interface
 * @param port the port to bind; {@code 0} asks the operating system for a free one
 * @param handshakeTimeout how long a connection may take to send its protocol header
 * @param workerThreads event-loop threads that serve connections
 *
 * <p>Threading: immutable.
 */
public record ListenerSettings(String host, int port, Duration handshakeTimeout, int workerThreads) {
    public ListenerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads must be at least 1, got " + workerThreads);
        }
    }
}
