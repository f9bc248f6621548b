package dev.sluice.interop.amqp10;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Base of the Qpid JMS test classes: one Sluice process per class, started before its first test
 * and stopped after its last; every test has a minute.
 *
 * <p>Threading: JUnit runs the classes one after another, so the shared field is never raced.
 */
@Timeout(60)
abstract class JmsBrokerTest {
    static JmsBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = JmsBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }
}
