package dev.sluice.core.delay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.BrokerException;
import dev.sluice.core.ErrorKind;
import dev.sluice.core.Owner;
import dev.sluice.core.VirtualHost;
import dev.sluice.core.message.Message;
import dev.sluice.core.message.MessageProperties;
import dev.sluice.core.queue.GetResult;
import dev.sluice.core.queue.MemoryBudget;
import dev.sluice.core.queue.PagingSettings;
import dev.sluice.core.queue.Queue;
import dev.sluice.core.queue.QueueDefinition;
import dev.sluice.core.queue.QueuePaging;
import dev.sluice.core.routing.Binding;
import dev.sluice.core.routing.Destination;
import dev.sluice.core.routing.ExchangeDefinition;
import dev.sluice.core.routing.ExchangeType;
import dev.sluice.store.MessageStore;
import dev.sluice.store.memory.MemoryDefinitionStore;
import dev.sluice.store.memory.MemoryMessageStore;
import dev.sluice.testing.ManualScheduler;
import dev.sluice.testing.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delayed messages on plain objects: a manual clock, the memory store, a virtual host without a
 * broker. Restarts are a second virtual host over the same store.
 */
class DelayedMessagesTest {
    private static final Owner OWNER = new Owner("test");

    private final ManualScheduler clock = new ManualScheduler();
    private final MessageStore store = new MemoryMessageStore(Runnable::run);
    private final AtomicLong ids = new AtomicLong();
    private final MemoryBudget budget = new MemoryBudget(Long.MAX_VALUE);
    private VirtualHost vhost;

    @BeforeEach
    void setUp() {
        vhost = newVirtualHost();
    }

    private VirtualHost newVirtualHost() {
        VirtualHost v = new VirtualHost("/", clock, store, new MemoryDefinitionStore(), ids::incrementAndGet,
                new QueuePaging(PagingSettings.defaults(), budget));
        v.declareExchange(ExchangeDefinition.of("orders", ExchangeType.DIRECT), false);
        v.declareQueue(QueueDefinition.durable("work", Map.of()), OWNER, false);
        v.bind(new Binding("orders", Destination.queue("work"), "k"), OWNER);
        return v;
    }

    private static Message persistent(String body) {
        return Message.builder().exchange("orders").routingKey("k").body(body)
                .properties(MessageProperties.builder().persistent().build()).build();
    }

    private long now() {
        return clock.nowMillis();
    }

    private static List<String> drain(Queue q) {
        List<String> bodies = new ArrayList<>();
        GetResult r;
        while ((r = q.get(true)).delivery() != null) {
            bodies.add(Messages.bodyOf(r.delivery().message()));
            r.delivery().message().release();
        }
        return bodies;
    }

    @Test
    void messagesArePublishedWhenDueInDueOrderEqualTimesInHoldOrder() {
        vhost.publishLater(Messages.toExchange("orders", "k", "at-300"), now() + 300);
        vhost.publishLater(Messages.toExchange("orders", "k", "at-100-first"), now() + 100);
        vhost.publishLater(persistent("at-200"), now() + 200);
        vhost.publishLater(Messages.toExchange("orders", "k", "at-100-second"), now() + 100);
        Queue work = vhost.queue("work");

        clock.advance(99);
        assertEquals(0, work.messageCount());
        assertEquals(4, vhost.delayed().size());
        clock.advance(150);
        assertEquals(List.of("at-100-first", "at-100-second", "at-200"), drain(work));
        clock.advance(51);
        assertEquals(List.of("at-300"), drain(work));
        assertEquals(0, vhost.delayed().size());
        assertEquals(0, clock.pending(), "no timer left");
    }

    @Test
    void aPersistentMessageIsStoredUntilItIsPublished() {
        vhost.publishLater(persistent("later"), now() + 1000);
        assertEquals(1, store.recover(vhost.delayed().storeKey()).size());
        clock.advance(1000);
        assertTrue(store.recover(vhost.delayed().storeKey()).isEmpty(), "the delayed entry is gone");
        assertEquals(1, store.recover(new dev.sluice.store.QueueKey("/", "work")).size(), "the queue holds it");
    }

    @Test
    void aTransientMessageIsNotStored() {
        vhost.publishLater(Messages.toExchange("orders", "k", "memory only"), now() + 1000);
        assertTrue(store.recover(vhost.delayed().storeKey()).isEmpty());
        assertEquals(1, vhost.delayed().size());
    }

    @Test
    void heldMessagesCountInTheMemoryBudget() {
        long before = budget.used();
        vhost.publishLater(Messages.toExchange("orders", "k", "12345"), now() + 10);
        assertEquals(before + 5 + MemoryBudget.MESSAGE_OVERHEAD, budget.used());
        clock.advance(10);
        drain(vhost.queue("work"));
        assertEquals(before, budget.used());
    }

    @Test
    void aMissingExchangeIsRefusedAtOnce() {
        BrokerException e = assertThrows(BrokerException.class,
                () -> vhost.publishLater(Messages.toExchange("nowhere", "k", "x"), now() + 10));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals(0, vhost.delayed().size());
    }

    @Test
    void anExchangeDeletedBeforeTheDueTimeDropsTheMessage() {
        vhost.publishLater(persistent("orphan"), now() + 100);
        vhost.deleteExchange("orders", false);
        clock.advance(100);
        assertEquals(0, vhost.delayed().size());
        assertEquals(0, vhost.queue("work").messageCount());
        assertTrue(store.recover(vhost.delayed().storeKey()).isEmpty());
    }

    @Test
    void recoveryPublishesAtOnceWhatFellDueWhileDownAndSchedulesTheRest() {
        vhost.publishLater(persistent("due-while-down"), now() + 100);
        vhost.publishLater(persistent("still-waiting"), now() + 10_000);
        vhost.publishLater(Messages.toExchange("orders", "k", "transient, lost"), now() + 50);
        vhost.delayed().close();
        clock.advance(5_000);
        assertEquals(0, vhost.queue("work").messageCount(), "a closed holder publishes nothing");

        VirtualHost restarted = newVirtualHost();
        restarted.delayed().recover();
        Queue work = restarted.queue("work");
        assertEquals(List.of("due-while-down"), drain(work));
        assertEquals(1, restarted.delayed().size());
        assertEquals(now() + 5_000, restarted.delayed().nextDue());
        clock.advance(5_000);
        assertEquals(List.of("still-waiting"), drain(work));
    }

    @Test
    void aNewHoldAfterRecoveryDoesNotReuseAStoredPosition() {
        vhost.publishLater(persistent("old"), now() + 100);
        vhost.delayed().close();
        VirtualHost restarted = newVirtualHost();
        restarted.delayed().recover();
        restarted.publishLater(persistent("new"), now() + 200);
        assertEquals(2, store.recover(restarted.delayed().storeKey()).size());
        clock.advance(200);
        assertEquals(List.of("old", "new"), drain(restarted.queue("work")));
    }
}
