package dev.sluice.amqp10;

import dev.sluice.core.BrokerException;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.LinkError;

/**
 * The AMQP 1.0 error conditions Sluice sends, and the mapping of core refusals onto them.
 *
 * <p>Threading: stateless.
 */
final class ErrorConditions {
    static final Symbol TRANSACTION_UNKNOWN_ID = Symbol.valueOf("amqp:transaction:unknown-id");
    static final Symbol TRANSACTION_ROLLBACK = Symbol.valueOf("amqp:transaction:rollback");
    static final Symbol RESOURCE_LOCKED = AmqpError.RESOURCE_LOCKED;

    private ErrorConditions() {
    }

    static ErrorCondition of(Symbol condition, String description) {
        return new ErrorCondition(condition, description);
    }

    /** The condition for a core refusal, with the core's words as description. */
    static ErrorCondition of(BrokerException e) {
        Symbol condition = switch (e.kind()) {
            case NOT_FOUND -> AmqpError.NOT_FOUND;
            case ACCESS_REFUSED -> AmqpError.UNAUTHORIZED_ACCESS;
            case RESOURCE_LOCKED -> AmqpError.RESOURCE_LOCKED;
            case PRECONDITION_FAILED -> AmqpError.PRECONDITION_FAILED;
            case COMMAND_INVALID, NOT_ALLOWED -> AmqpError.NOT_ALLOWED;
            case NOT_IMPLEMENTED -> AmqpError.NOT_IMPLEMENTED;
            case INTERNAL_ERROR -> AmqpError.INTERNAL_ERROR;
        };
        return new ErrorCondition(condition, e.getMessage());
    }

    static ErrorCondition transferLimitExceeded(String description) {
        return new ErrorCondition(LinkError.TRANSFER_LIMIT_EXCEEDED, description);
    }

    static ErrorCondition messageSizeExceeded(String description) {
        return new ErrorCondition(LinkError.MESSAGE_SIZE_EXCEEDED, description);
    }
}
