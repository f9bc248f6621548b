package dev.sluice.amqp091.codec;

/**
 * AMQP 0-9-1 {@code channel.flow-ok} (class 20, method 21). Confirms a flow change.
 *
 * <p>Threading: immutable.
 */
public record ChannelFlowOk(boolean active) implements Method {

    @Override
    public MethodKind kind() {
        return MethodKind.CHANNEL_FLOW_OK;
    }

    static ChannelFlowOk read(ArgumentReader in) {
        return new ChannelFlowOk(in.readBit());
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
        out.writeBit(active);
    }
}
