package dev.sluice.amqp091;

import dev.sluice.amqp091.codec.FrameDecoder;
import dev.sluice.core.Broker;
import dev.sluice.core.alarm.AlarmFanout;
import dev.sluice.security.AccessControl;
import dev.sluice.security.UserRegistry;
import dev.sluice.transport.ProtocolEndpoint;
import dev.sluice.transport.ProtocolHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;

/**
 * The AMQP 0-9-1 protocol on the shared AMQP port: takes connections whose header is
 * {@code AMQP 0 0 9 1} and gives each a frame decoder and an {@link Amqp091Connection}. It
 * listens to the broker's resource alarms and passes them on to its connections, which block
 * while an alarm is on ({@link ConnectionBlocking}).
 *
 * <p>Threading: shared by all connections; stateless apart from the thread-safe registries.
 */
public final class Amqp091Endpoint implements ProtocolEndpoint {
    private final Broker broker;
    private final UserRegistry users;
    private final AccessControl access;
    private final DirectReplyTo directReplyTo = new DirectReplyTo();
    private final AlarmFanout alarms;
    private final Amqp091Settings settings;

    public Amqp091Endpoint(Broker broker, UserRegistry users, AccessControl access, Amqp091Settings settings) {
        this.broker = broker;
        this.users = users;
        this.access = access;
        this.settings = settings;
        this.alarms = AlarmFanout.listeningTo(broker.resourceMonitor());
    }

    @Override
    public String name() {
        return "AMQP 0-9-1";
    }

    @Override
    public boolean accepts(ByteBuf header) {
        return ProtocolHeader.AMQP_0_9_1.matches(header);
    }

    @Override
    public void install(ChannelPipeline pipeline) {
        FrameDecoder decoder = new FrameDecoder(true);
        pipeline.addLast("amqp091-frames", decoder);
        pipeline.addLast("amqp091", new Amqp091Connection(broker, users, access, directReplyTo, alarms,
                settings, decoder));
    }
}
