package dev.sluice.amqp10;

import dev.sluice.core.BrokerException;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.transaction.Declare;
import org.apache.qpid.proton.amqp.transaction.Declared;
import org.apache.qpid.proton.amqp.transaction.Discharge;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;

/**
 * The transaction coordinator ({@code amqp:local-transactions}): {@code declare} opens a
 * transaction and answers {@code declared} with its id; {@code discharge} commits it (publishes and
 * settlements done in it take effect; the discharge is accepted once persistent messages are on
 * disk) or rolls it back. An unknown id is rejected with {@code amqp:transaction:unknown-id}, a
 * commit that fails with {@code amqp:transaction:rollback}.
 *
 * <p>Threading: confined to the connection's event loop; store completions hop back onto it.
 */
final class CoordinatorLink implements LinkHandler {
    private final Amqp10Connection conn;
    private final Receiver receiver;
    private final TransferReader reader;
    private boolean gone;

    CoordinatorLink(Amqp10Connection conn, Receiver receiver) {
        this.conn = conn;
        this.receiver = receiver;
        this.reader = new TransferReader(receiver, 64 * 1024);
    }

    void start() {
        reader.grant(conn.settings().linkCredit());
    }

    @Override
    public Session session() {
        return receiver.getSession();
    }

    @Override
    public void onDelivery(Delivery d) {
        if (gone) {
            return;
        }
        TransferReader.Status status = reader.read(d);
        if (status == TransferReader.Status.COMPLETE) {
            byte[] bytes = reader.take();
            handle(d, bytes);
            if (!reader.topUpCredit(conn.settings().linkCredit(), true)) {
                receiver.setCondition(ErrorConditions.transferLimitExceeded("transfer received without link credit"));
                receiver.close();
                gone = true;
            }
        } else if (status != TransferReader.Status.INCOMPLETE && status != TransferReader.Status.NOT_CURRENT) {
            settle(d, PublishLink.rejected(AmqpError.DECODE_ERROR, "bad coordinator message"));
        }
    }

    private void handle(Delivery d, byte[] bytes) {
        Object body;
        try {
            Message m = Message.Factory.create();
            m.decode(bytes, 0, bytes.length);
            body = m.getBody() instanceof AmqpValue v ? v.getValue() : null;
        } catch (RuntimeException e) {
            settle(d, PublishLink.rejected(AmqpError.DECODE_ERROR, "malformed coordinator message: " + e.getMessage()));
            return;
        }
        if (body instanceof Declare) {
            Declared declared = new Declared();
            declared.setTxnId(conn.transactions().declare().id());
            settle(d, declared);
        } else if (body instanceof Discharge discharge) {
            discharge(d, discharge);
        } else {
            settle(d, PublishLink.rejected(AmqpError.NOT_IMPLEMENTED, "the coordinator takes declare and discharge only"));
        }
    }

    private void discharge(Delivery d, Discharge discharge) {
        Transaction t = conn.transactions().remove(discharge.getTxnId());
        if (t == null) {
            settle(d, PublishLink.rejected(ErrorConditions.TRANSACTION_UNKNOWN_ID, "unknown transaction id"));
            return;
        }
        if (Boolean.TRUE.equals(discharge.getFail())) {
            t.rollback();
            settle(d, Accepted.getInstance());
            return;
        }
        boolean durable;
        try {
            durable = t.commit();
        } catch (BrokerException e) {
            settle(d, PublishLink.rejected(ErrorConditions.TRANSACTION_ROLLBACK, "commit failed: " + e.getMessage()));
            return;
        }
        if (durable) {
            conn.whenDurable(() -> settle(d, Accepted.getInstance()));
        } else {
            settle(d, Accepted.getInstance());
        }
    }

    private void settle(Delivery d, DeliveryState state) {
        if (!gone) {
            TransferReader.settle(d, state);
        }
    }

    @Override
    public void onGone(boolean closedByPeer) {
        gone = true;
    }
}
