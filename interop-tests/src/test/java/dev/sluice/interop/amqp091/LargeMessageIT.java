package dev.sluice.interop.amqp091;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A body far larger than one frame travels as many body frames and comes back intact. */
class LargeMessageIT {
    private static final int FIVE_MEGABYTES = 5 * 1024 * 1024;

    @RegisterExtension
    final AmqpFixture amqp = new AmqpFixture();

    @Test
    void fiveMegabyteBodyRoundTripsThroughBasicGet() throws Exception {
        String queue = amqp.declareQueue("q");
        byte[] body = randomBody(1);

        amqp.publish("", queue, new AMQP.BasicProperties(), body);

        assertEquals(sha256(body), sha256(amqp.get(queue).getBody()));
    }

    @Test
    void fiveMegabyteBodyRoundTripsThroughAConsumer() throws Exception {
        String queue = amqp.declareQueue("q");
        Deliveries deliveries = amqp.consume(queue, true);
        byte[] body = randomBody(2);

        amqp.publish("", queue, new AMQP.BasicProperties(), body);

        assertEquals(sha256(body), sha256(deliveries.next().getBody()));
    }

    private static byte[] randomBody(long seed) {
        byte[] body = new byte[FIVE_MEGABYTES];
        new Random(seed).nextBytes(body);
        return body;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
