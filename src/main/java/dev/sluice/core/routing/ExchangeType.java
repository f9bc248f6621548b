package dev.sluice.core.routing;

import dev.sluice.core.BrokerException;
import dev.sluice.core.ErrorKind;

/**
 * The four exchange types, named as AMQP 0-9-1 names them.
 *
 * <p>Threading: immutable.
 */
public enum ExchangeType {
    DIRECT("direct"), FANOUT("fanout"), TOPIC("topic"), HEADERS("headers");

    private final String wireName;

    ExchangeType(String wireName) {
        this.wireName = wireName;
    }

    /** The name clients use in exchange.declare. */
    public String wireName() {
        return wireName;
    }

    /** Looks up a type by its wire name; an unknown name is a 503 COMMAND_INVALID as in RabbitMQ. */
    public static ExchangeType fromWireName(String name) {
        for (ExchangeType t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        throw new BrokerException(ErrorKind.COMMAND_INVALID,
                "unknown exchange type '" + name + "' (allowed: direct, fanout, topic, headers)");
    }
}
