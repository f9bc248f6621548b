package dev.sluice.interop.storage;

import com.rabbitmq.client.AMQP;
import java.util.Map;

/**
 * Which publisher sent a message and its sequence number on that publisher (1, 2, 3, ... across
 * all of the publisher's connections), carried in two headers so that order per publisher and
 * duplicates can be checked on the consuming side.
 *
 * <p>Threading: immutable.
 */
record MessageId(int publisher, long seq) {
    static final String PUBLISHER_HEADER = "crash-publisher";
    static final String SEQ_HEADER = "crash-seq";

    /** Persistent properties (delivery mode 2) that carry this id. */
    AMQP.BasicProperties properties() {
        return new AMQP.BasicProperties.Builder()
                .deliveryMode(2)
                .headers(Map.of(PUBLISHER_HEADER, publisher, SEQ_HEADER, seq))
                .build();
    }

    /** The id a delivery carries; fails when the headers are missing or of the wrong type. */
    static MessageId of(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        if (headers == null || !(headers.get(PUBLISHER_HEADER) instanceof Integer p)
                || !(headers.get(SEQ_HEADER) instanceof Long s)) {
            throw new AssertionError("a delivery without crash-test headers: " + headers);
        }
        return new MessageId(p, s);
    }

    @Override
    public String toString() {
        return "p" + publisher + "#" + seq;
    }
}
