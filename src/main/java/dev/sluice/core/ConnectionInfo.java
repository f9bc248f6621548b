package dev.sluice.core;

import java.util.List;

/**
 * A snapshot of one client connection for the management API, protocol-neutral.
 *
 * @param name unique while open: {@code peer-host:peer-port -> host:port}
 * @param protocol {@code AMQP 0-9-1} or {@code AMQP 1.0}
 * @param connectedAt epoch milliseconds
 *
 * <p>Threading: immutable.
 */
public record ConnectionInfo(String name, String protocol, String user, String vhost, String peerHost, int peerPort,
                             String host, int port, long connectedAt, List<ChannelInfo> channels) {
    public ConnectionInfo {
        channels = List.copyOf(channels);
    }

    /**
     * One channel (0-9-1) or session (1.0).
     *
     * <p>Threading: immutable.
     */
    public record ChannelInfo(int number, int prefetchCount, boolean confirm, boolean transactional, int unacked,
                              List<ConsumerInfo> consumers) {
        public ChannelInfo {
            consumers = List.copyOf(consumers);
        }
    }

    /**
     * One consumer.
     *
     * <p>Threading: immutable.
     */
    public record ConsumerInfo(String tag, String queue, boolean ackRequired, int prefetchCount) {
    }
}
