package dev.sluice.core.routing;

import static dev.sluice.core.routing.RoutingFixtures.definition;
import static dev.sluice.core.routing.RoutingFixtures.queues;
import static dev.sluice.core.routing.RoutingFixtures.toQueue;
import static dev.sluice.core.routing.RoutingFixtures.topicMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Routers run while one writer binds and unbinds. The assertions do not depend on how the threads
 * interleave: a binding that is never removed must be routed every time, and once the writer has
 * finished every route must agree with the final bindings (no stale cached route survives).
 */
class ConcurrentRoutingTest {
    private static final int ROUTERS = 3;
    private static final int WRITES = 20_000;
    private static final int CHURN_KEYS = 40;
    private static final long DEADLINE_SECONDS = 60;

    private final TopicExchange topic = new TopicExchange(definition("t", ExchangeType.TOPIC), 64);
    private final DirectExchange direct = new DirectExchange(definition("d", ExchangeType.DIRECT));
    private final AtomicBoolean writerDone = new AtomicBoolean();
    private final AtomicInteger missedStableRoutes = new AtomicInteger();
    private final AtomicLong routes = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Written by the writer thread only; read by the test after joining it. */
    private final Set<Binding> topicBound = new LinkedHashSet<>();
    private final Set<Binding> directBound = new LinkedHashSet<>();

    @Test
    void routesStayConsistentWhileBindingsChange() throws InterruptedException {
        topic.bind(toQueue(topic, "stable.#", "q-stable"));
        direct.bind(toQueue(direct, "stable", "q-stable"));

        List<Thread> threads = new ArrayList<>();
        threads.add(thread("writer", this::write));
        for (int i = 0; i < ROUTERS; i++) {
            long seed = i;
            threads.add(thread("router-" + i, () -> routeUntilWriterIsDone(seed)));
        }
        threads.forEach(Thread::start);
        joinAll(threads);

        assertNull(failure.get(), () -> "a thread failed: " + failure.get());
        assertEquals(0, missedStableRoutes.get(), "a binding that was never removed was not routed");
        assertTrue(routes.get() > 0);
        assertFinalStateIsRouted();
    }

    private void write() {
        Random random = new Random(42);
        for (int i = 0; i < WRITES; i++) {
            int k = random.nextInt(CHURN_KEYS);
            toggle(topic, topicBound, toQueue(topic, churnPattern(random.nextInt(3), k), "q" + k));
            toggle(direct, directBound, toQueue(direct, "churn." + k, "q" + random.nextInt(4)));
        }
        writerDone.set(true);
    }

    private static void toggle(Exchange exchange, Set<Binding> bound, Binding binding) {
        if (bound.remove(binding)) {
            assertTrue(exchange.unbind(binding));
        } else {
            assertTrue(exchange.bind(binding));
            bound.add(binding);
        }
    }

    private static String churnPattern(int shape, int k) {
        return switch (shape) {
            case 0 -> "churn." + k + ".*";
            case 1 -> "#.c" + k;
            default -> "churn.#.c" + k;
        };
    }

    private void routeUntilWriterIsDone(long seed) {
        Random random = new Random(seed);
        List<Destination> out = new ArrayList<>();
        while (!writerDone.get()) {
            int k = random.nextInt(CHURN_KEYS);
            out.clear();
            topic.route("churn." + k + ".c" + k, null, out);
            topic.route("stable.x", null, out);
            if (!out.contains(Destination.queue("q-stable"))) {
                missedStableRoutes.incrementAndGet();
            }
            out.clear();
            direct.route("churn." + k, null, out);
            direct.route("stable", null, out);
            if (!out.contains(Destination.queue("q-stable"))) {
                missedStableRoutes.incrementAndGet();
            }
            routes.incrementAndGet();
        }
    }

    private void assertFinalStateIsRouted() {
        assertEquals(topicBound.size() + 1, topic.bindingCount());
        assertEquals(directBound.size() + 1, direct.bindingCount());
        for (int k = 0; k < CHURN_KEYS; k++) {
            for (String key : List.of("churn." + k + ".c" + k, "churn." + k + ".x", "a.c" + k, "churn.c" + k)) {
                Set<String> expected = new HashSet<>();
                for (Binding binding : topicBound) {
                    if (topicMatches(binding.routingKey(), key)) {
                        expected.add(binding.destination().name());
                    }
                }
                List<String> routed = queues(topic, key);
                assertEquals(expected.size(), routed.size(), () -> "duplicates for " + key + ": " + routed);
                assertEquals(expected, new HashSet<>(routed), () -> "topic key " + key);
            }
            String directKey = "churn." + k;
            Set<String> expected = new HashSet<>();
            for (Binding binding : directBound) {
                if (binding.routingKey().equals(directKey)) {
                    expected.add(binding.destination().name());
                }
            }
            assertEquals(expected, new HashSet<>(queues(direct, directKey)), () -> "direct key " + directKey);
        }
    }

    private Thread thread(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                writerDone.set(true); // let the routers stop
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        for (Thread thread : threads) {
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            thread.join(Math.max(1, remainingMillis));
            assertFalse(thread.isAlive(), () -> thread.getName() + " did not finish in time");
        }
    }
}
