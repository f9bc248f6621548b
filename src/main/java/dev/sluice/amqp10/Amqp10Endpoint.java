package dev.sluice.amqp10;

import dev.sluice.core.Broker;
import dev.sluice.security.UserRegistry;
import dev.sluice.transport.ProtocolEndpoint;
import dev.sluice.transport.ProtocolHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;

/**
 * The AMQP 1.0 protocol on the shared AMQP port: takes connections whose header is
 * {@code AMQP 3 1 0 0} (SASL first) or {@code AMQP 0 1 0 0} (no SASL: anonymous, when allowed) and
 * gives each an {@link Amqp10Connection} running a proton-j engine.
 *
 * <p>Threading: shared by all connections; holds only thread-safe registries.
 */
public final class Amqp10Endpoint implements ProtocolEndpoint {
    private final Broker broker;
    private final UserRegistry users;
    private final Amqp10Settings settings;
    private final ContainerRegistry containers = new ContainerRegistry();

    public Amqp10Endpoint(Broker broker, UserRegistry users, Amqp10Settings settings) {
        this.broker = broker;
        this.users = users;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "AMQP 1.0";
    }

    @Override
    public boolean accepts(ByteBuf header) {
        return ProtocolHeader.AMQP_1_0_SASL.matches(header) || ProtocolHeader.AMQP_1_0.matches(header);
    }

    @Override
    public void install(ChannelPipeline pipeline) {
        pipeline.addLast("amqp10", new Amqp10Connection(broker, users, settings, containers));
    }
}
