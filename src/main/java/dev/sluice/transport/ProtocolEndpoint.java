package dev.sluice.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;

/**
 * One protocol the AMQP port speaks (AMQP 0-9-1, AMQP 1.0). The {@link ProtocolSniffer} asks each
 * registered endpoint in turn whether it accepts a connection's 8-byte protocol header; the first
 * that does gets the connection.
 *
 * <p>Threading: implementations are shared by every connection of a listener, so both methods may
 * be called from several event loops at once; both are called on the connection's own event loop
 * and must not block.
 */
public interface ProtocolEndpoint {

    /** A short name for logs, such as {@code "AMQP 0-9-1"}. */
    String name();

    /**
     * Whether this endpoint speaks the protocol the client asked for.
     *
     * @param header a read-only view of exactly the 8 header bytes; the endpoint must not keep it
     */
    boolean accepts(ByteBuf header);

    /**
     * Adds this protocol's handlers at the end of the connection's pipeline. Right after this
     * returns, the sniffer removes itself and passes every byte received so far, the 8 header
     * bytes first, to the handlers added here. The channel is already active: the handlers get no
     * {@code channelActive} event.
     */
    void install(ChannelPipeline pipeline);
}
