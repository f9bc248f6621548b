package dev.sluice.amqp10;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;

/**
 * The open local transactions of one connection ({@code amqp:local-transactions}), by id.
 *
 * <p>Threading: confined to the connection's event loop.
 */
final class Transactions {
    private final Map<Binary, Transaction> open = new HashMap<>();
    private long next;

    Transaction declare() {
        Binary id = new Binary(ByteBuffer.allocate(8).putLong(++next).array());
        Transaction t = new Transaction(id);
        open.put(id, t);
        return t;
    }

    /** The open transaction with this id, or null. */
    Transaction get(Binary id) {
        return id == null ? null : open.get(id);
    }

    /** Ends a transaction: the caller commits or rolls it back. Null when unknown. */
    Transaction remove(Binary id) {
        return id == null ? null : open.remove(id);
    }

    /** The connection went: every open transaction is rolled back. */
    void rollbackAll() {
        for (Transaction t : open.values()) {
            t.rollback();
        }
        open.clear();
    }
}
