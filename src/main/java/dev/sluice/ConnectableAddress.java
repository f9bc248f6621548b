package dev.sluice;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Turns the address a listener is bound to into one a client on this machine can connect to:
 * the wildcard address ({@code 0.0.0.0} or {@code ::}) becomes {@code 127.0.0.1}; any other
 * address is kept as a numeric literal.
 *
 * <p>Threading: stateless; safe from any thread.
 */
final class ConnectableAddress {
    static final String LOOPBACK = "127.0.0.1";

    private ConnectableAddress() {
    }

    /** The host part: {@code 127.0.0.1} for the wildcard, else the bound address's literal. */
    static String host(InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        return address.isAnyLocalAddress() ? LOOPBACK : address.getHostAddress();
    }

    /** {@code host:port}, with an IPv6 literal in brackets ({@code [::1]:5672}). */
    static String hostAndPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
