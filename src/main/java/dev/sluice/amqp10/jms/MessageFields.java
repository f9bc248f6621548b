package dev.sluice.amqp10.jms;

import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;

/**
 * What a selector identifier means for a core message: the JMS header fields (JMSDeliveryMode,
 * JMSPriority, JMSMessageID, JMSTimestamp, JMSCorrelationID, JMSType, JMSXGroupID) from the
 * neutral properties, anything else from the application properties (0-9-1 headers). JMSType of
 * a message whose body is AMQP-encoded sections (type {@code amqp-1.0}) is the subject the AMQP 1.0
 * endpoint keeps for it.
 *
 * <p>Threading: stateless.
 */
final class MessageFields {
    private MessageFields() {
    }

    static Object value(Message m, String identifier) {
        MessageProperties p = m.properties();
        return switch (identifier) {
            case "JMSDeliveryMode" -> p.persistent() ? "PERSISTENT" : "NON_PERSISTENT";
            case "JMSPriority" -> (long) (p.priority() == null ? 4 : p.priority());
            case "JMSMessageID" -> p.messageId();
            case "JMSTimestamp" -> p.timestamp() == null ? null : (Object) p.timestamp().toEpochMilli();
            case "JMSCorrelationID" -> p.correlationId();
            case "JMSType" -> "amqp-1.0".equals(p.type()) ? m.annotations().get("x-sluice-subject") : p.type();
            case "JMSXGroupID" -> p.appId();
            default -> Values.normalize(p.headers().get(identifier));
        };
    }
}
