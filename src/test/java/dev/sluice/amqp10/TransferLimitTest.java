package dev.sluice.amqp10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Optional;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.LinkError;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;

/** A transfer the peer sends without link credit closes the link with transfer-limit-exceeded. */
class TransferLimitTest {
    private static byte[] message() {
        Message m = Message.Factory.create();
        m.setBody(new Data(new Binary(new byte[] {7})));
        byte[] buf = new byte[256];
        int n = m.encode(buf, 0, buf.length);
        return java.util.Arrays.copyOf(buf, n);
    }

    /** A whole frame on channel 0 holding a transfer of {@code payload} on handle 0. */
    private static byte[] transferFrame(int deliveryId, byte[] payload) {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        Transfer t = new Transfer();
        t.setHandle(UnsignedInteger.ZERO);
        t.setDeliveryId(UnsignedInteger.valueOf(deliveryId));
        t.setDeliveryTag(new Binary(new byte[] {(byte) (deliveryId + 1)}));
        t.setMessageFormat(UnsignedInteger.ZERO);
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(0).writeByte(2).writeByte(0).writeShort(0);
        encoder.setByteBuffer(new ByteBufWritable().target(frame));
        encoder.writeObject(t);
        frame.writeBytes(payload);
        frame.setInt(0, frame.readableBytes());
        return ByteBufUtil.getBytes(frame);
    }

    @Test
    void aTransferBeyondCreditClosesTheLink() {
        Amqp10Settings oneCredit = new Amqp10Settings(Optional.of("guest"), 0, 131_072, 2047, 1 << 20, 1,
                1 << 20, true, 0, 1 << 20, "test");
        try (ProtonPeer peer = new ProtonPeer(oneCredit, 0)) {
            Session session = peer.connection.session();
            session.open();
            Sender sender = session.sender("p");
            Target target = new Target();
            target.setAddress("credit-test");
            sender.setTarget(target);
            sender.setSource(new Source());
            sender.open();
            peer.exchange();
            assertEquals(1, sender.getCredit(), "the server grants one credit");

            byte[] payload = message();
            sender.delivery(new byte[] {1});
            sender.send(payload, 0, payload.length);
            sender.advance();
            byte[] first = peer.clientOutput();
            byte[] second = transferFrame(1, payload); // the client engine would never send this one
            byte[] both = new byte[first.length + second.length];
            System.arraycopy(first, 0, both, 0, first.length);
            System.arraycopy(second, 0, both, first.length, second.length);
            peer.toServer(both);
            peer.toClient();

            assertEquals(EndpointState.CLOSED, sender.getRemoteState());
            ErrorCondition e = sender.getRemoteCondition();
            assertEquals(LinkError.TRANSFER_LIMIT_EXCEEDED, e.getCondition(), e::toString);
            assertTrue(peer.server.isOpen(), "only the link is closed");
            assertEquals(1, peer.broker.defaultVirtualHost().queue("credit-test").messageCount(),
                    "the transfer within credit was published");
        }
    }
}
