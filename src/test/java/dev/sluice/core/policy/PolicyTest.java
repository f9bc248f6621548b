package dev.sluice.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.core.Broker;
import dev.sluice.core.BrokerSettings;
import dev.sluice.core.Owner;
import dev.sluice.core.RoutingResult;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.queue.Overflow;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import dev.sluice.testing.Messages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Policies on queues and exchanges: which one applies, what wins, and changes at run time. */
class PolicyTest {
    private static final Owner OWNER = new Owner("test");
    private final Broker broker = new Broker(BrokerSettings.defaults());
    private final VirtualHost vhost = broker.defaultVirtualHost();

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void theHighestPriorityMatchingPolicyApplies() {
        vhost.setPolicies(List.of(
                policy("low", "^work", Policy.ApplyTo.QUEUES, 1, Map.of("max-length", 10)),
                policy("high", "^work\\.", Policy.ApplyTo.QUEUES, 5, Map.of("max-length", 20)),
                policy("higher-but-exchanges", ".*", Policy.ApplyTo.EXCHANGES, 9, Map.of("alternate-exchange", "ae"))));

        assertEquals(20, declare("work.a", Map.of()).arguments().maxLength());
        assertEquals(10, declare("workers", Map.of()).arguments().maxLength());
        assertEquals(-1, declare("other", Map.of()).arguments().maxLength());
        assertEquals("high", vhost.policyForQueue("work.a").name());
    }

    @Test
    void onlyOnePolicyAppliesEvenWhenTheirKeysDiffer() {
        vhost.setPolicies(List.of(
                policy("ttl", "^q$", Policy.ApplyTo.ALL, 1, Map.of("message-ttl", 1000)),
                policy("len", "^q$", Policy.ApplyTo.ALL, 2, Map.of("max-length", 5))));
        Queue q = declare("q", Map.of());
        assertEquals(5, q.arguments().maxLength());
        assertEquals(-1, q.arguments().messageTtl(), "RabbitMQ applies one policy, not a merge");
    }

    @Test
    void queueArgumentsWinOverThePolicyForTheSameKey() {
        vhost.setPolicies(List.of(policy("p", ".*", Policy.ApplyTo.QUEUES, 0,
                Map.of("max-length", 10, "message-ttl", 500))));
        Queue q = declare("q", Map.of("x-max-length", 3));
        assertEquals(3, q.arguments().maxLength());
        assertEquals(500, q.arguments().messageTtl());
    }

    @Test
    void aNewPolicyReachesExistingQueuesAndTrimsThem() {
        Queue q = declare("q", Map.of());
        for (int i = 0; i < 5; i++) {
            vhost.publish(Messages.toExchange("", "q", "m" + i));
        }
        vhost.setPolicies(List.of(policy("limit", "^q$", Policy.ApplyTo.QUEUES, 0, Map.of("max-length", 2))));
        assertEquals(2, q.messageCount());
        assertEquals(2, q.arguments().maxLength());

        vhost.setPolicies(List.of());
        assertEquals(-1, q.arguments().maxLength(), "removing the policy removes its limit");
    }

    @Test
    void overflowAndDeadLetteringComeFromThePolicy() {
        vhost.declareExchange(ExchangeDefinition.of("dlx", ExchangeType.FANOUT), false);
        Queue dead = declare("dead", Map.of());
        vhost.bind(new Binding("dlx", Destination.queue("dead"), ""), OWNER);
        vhost.setPolicies(List.of(policy("p", "^work$", Policy.ApplyTo.QUEUES, 0,
                Map.of("max-length", 1, "overflow", "reject-publish-dlx", "dead-letter-exchange", "dlx"))));
        Queue work = declare("work", Map.of());
        assertEquals(Overflow.REJECT_PUBLISH_DLX, work.arguments().overflow());

        vhost.publish(Messages.toExchange("", "work", "one"));
        RoutingResult refused = vhost.publish(Messages.toExchange("", "work", "two"));
        assertEquals(List.of("work"), refused.refusedBy());
        assertEquals(1, dead.messageCount());
    }

    @Test
    void maxPriorityOfAnExistingQueueDoesNotChange() {
        Queue q = declare("q", Map.of());
        vhost.setPolicies(List.of(policy("p", "^q", Policy.ApplyTo.QUEUES, 0, Map.of("max-priority", 5))));
        assertEquals(0, q.arguments().maxPriority(), "as in RabbitMQ, priorities are fixed when the queue is made");
        assertEquals(5, declare("q2", Map.of()).arguments().maxPriority());
    }

    @Test
    void anAlternateExchangeFromAPolicyRoutesUnroutableMessages() {
        vhost.declareExchange(ExchangeDefinition.of("main", ExchangeType.DIRECT), false);
        vhost.declareExchange(ExchangeDefinition.of("ae", ExchangeType.FANOUT), false);
        Queue unrouted = declare("unrouted", Map.of());
        vhost.bind(new Binding("ae", Destination.queue("unrouted"), ""), OWNER);
        vhost.setPolicies(List.of(policy("ae", "^main$", Policy.ApplyTo.EXCHANGES, 0,
                Map.of("alternate-exchange", "ae"))));

        vhost.publish(Messages.toExchange("main", "nowhere", "lost?"));
        assertEquals(1, unrouted.messageCount());
        assertEquals("ae", vhost.exchange("main").alternateExchange());
        assertNull(vhost.exchange("ae").alternateExchange(), "the pattern is ^main$");
    }

    @Test
    void theExchangeArgumentWinsOverThePolicy() {
        vhost.declareExchange(new ExchangeDefinition("x", ExchangeType.DIRECT, true, false, false,
                Map.of("alternate-exchange", "own")), false);
        vhost.setPolicies(List.of(policy("ae", ".*", Policy.ApplyTo.EXCHANGES, 0, Map.of("alternate-exchange", "p"))));
        assertEquals("own", vhost.exchange("x").alternateExchange());
    }

    @Test
    void aPolicyAQueueCannotTakeIsSkippedForThatQueue() {
        vhost.setPolicies(List.of(policy("p", ".*", Policy.ApplyTo.QUEUES, 0,
                Map.of("dead-letter-routing-key", "k"))));
        Queue q = declare("q", Map.of());
        assertNull(q.arguments().deadLetterRoutingKey());
    }

    @Test
    void updatePoliciesChangesTheCurrentSetInOneStep() {
        vhost.setPolicies(List.of(policy("a", "^a$", Policy.ApplyTo.QUEUES, 0, Map.of("max-length", 1))));
        vhost.updatePolicies(current -> {
            List<Policy> next = new java.util.ArrayList<>(current);
            next.add(policy("b", "^b$", Policy.ApplyTo.QUEUES, 0, Map.of("max-length", 2)));
            return next;
        });
        assertEquals(List.of("a", "b"), vhost.policies().policies().stream().map(Policy::name).sorted().toList());
        assertEquals(2, declare("b", Map.of()).arguments().maxLength());
    }

    @Test
    void duplicateNamesAndBadPatternsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> vhost.setPolicies(List.of(
                policy("p", "a", Policy.ApplyTo.ALL, 0, Map.of("max-length", 1)),
                policy("p", "b", Policy.ApplyTo.ALL, 0, Map.of("max-length", 1)))));
        assertThrows(IllegalArgumentException.class, () -> vhost.setPolicies(List.of(
                policy("p", "[", Policy.ApplyTo.ALL, 0, Map.of("max-length", 1)))));
    }

    @Test
    void definitionChecks() {
        assertEquals(List.of(), PolicyKeys.checkDefinition(Map.of("message-ttl", 0, "overflow", "drop-head"),
                Policy.ApplyTo.QUEUES));
        assertEquals(List.of("policy key 'expires' must be an integer of at least 1, got 0"),
                PolicyKeys.checkDefinition(Map.of("expires", 0), Policy.ApplyTo.ALL));
        assertEquals(List.of("policy key 'max-priority' must be an integer from 0 to 255, got 256"),
                PolicyKeys.checkDefinition(Map.of("max-priority", 256), Policy.ApplyTo.QUEUES));
        assertEquals(List.of("policy key 'overflow' must be one of drop-head, reject-publish, reject-publish-dlx, "
                + "got 'drop'"), PolicyKeys.checkDefinition(Map.of("overflow", "drop"), Policy.ApplyTo.QUEUES));
    }

    private Queue declare(String name, Map<String, Object> args) {
        return vhost.declareQueue(QueueDefinition.transientQueue(name, args), OWNER, false);
    }

    private static Policy policy(String name, String pattern, Policy.ApplyTo applyTo, int priority,
                                 Map<String, Object> definition) {
        return new Policy(name, pattern, applyTo, priority, definition);
    }
}
