package dev.sluice.core.routing;

import static dev.sluice.core.routing.RoutingFixtures.definition;
import static dev.sluice.core.routing.RoutingFixtures.toQueue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Routers walk the trie (no route cache) while a writer churns bindings right next to stable
 * ones: a second destination comes and goes on a stable binding's node (one destination to two
 * and back), unique words come and go beside a stable word (slot arrays and their filters grow
 * and are compacted, the word table grows and drops words). A stable binding must be routed
 * every time, and no destination twice.
 */
class TopicTrieChurnTest {
    private static final int WRITES = 20_000;
    private static final int ROUTERS = 2;
    private static final int LIVE_UNIQUE = 50;

    private final TopicExchange exchange = new TopicExchange(definition("t", ExchangeType.TOPIC), 0);
    private final AtomicBoolean done = new AtomicBoolean();
    private final AtomicLong routes = new AtomicLong();
    private final AtomicReference<String> problem = new AtomicReference<>();

    @Test
    void stableBindingsAreAlwaysRoutedWhileNeighboursChurn() throws InterruptedException {
        exchange.bind(toQueue(exchange, "s.x", "stable-x"));
        exchange.bind(toQueue(exchange, "s.y.#", "stable-y"));
        exchange.bind(toQueue(exchange, "#.z", "stable-z"));

        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(this::write, "writer"));
        for (int i = 0; i < ROUTERS; i++) {
            threads.add(new Thread(this::route, "router-" + i));
        }
        threads.forEach(thread -> {
            thread.setDaemon(true);
            thread.start();
        });
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(thread.isAlive(), () -> thread.getName() + " did not finish in time");
        }
        assertNull(problem.get(), problem::get);
        assertTrue(routes.get() > 0);
        assertEquals(3, exchange.bindingCount());
        assertEquals(7, exchange.trie().nodeCount()); // root, s, s.x, s.y, s.y.#, #, #.z
    }

    private void write() {
        try {
            Binding extraX = toQueue(exchange, "s.x", "churn-x");
            Binding extraZ = toQueue(exchange, "#.z", "churn-z");
            for (int i = 0; i < WRITES; i++) {
                toggle(extraX, i);
                toggle(extraZ, i + 1);
                exchange.bind(toQueue(exchange, "s.w" + i, "w" + i));
                exchange.bind(toQueue(exchange, "#.q" + i, "q" + i));
                if (i >= LIVE_UNIQUE) {
                    int old = i - LIVE_UNIQUE;
                    exchange.unbind(toQueue(exchange, "s.w" + old, "w" + old));
                    exchange.unbind(toQueue(exchange, "#.q" + old, "q" + old));
                }
            }
            exchange.unbind(extraX);
            exchange.unbind(extraZ);
            for (int old = WRITES - LIVE_UNIQUE; old < WRITES; old++) {
                exchange.unbind(toQueue(exchange, "s.w" + old, "w" + old));
                exchange.unbind(toQueue(exchange, "#.q" + old, "q" + old));
            }
        } catch (RuntimeException | Error e) {
            problem.compareAndSet(null, "writer failed: " + e);
        } finally {
            done.set(true);
        }
    }

    private void toggle(Binding binding, int i) {
        if (i % 2 == 0) {
            exchange.bind(binding);
        } else {
            exchange.unbind(binding);
        }
    }

    private void route() {
        List<Destination> out = new ArrayList<>();
        while (!done.get() && problem.get() == null) {
            check(out, "s.x", "stable-x");
            check(out, "s.y", "stable-y");
            check(out, "a.b.z", "stable-z");
            routes.incrementAndGet();
        }
    }

    private void check(List<Destination> out, String key, String stableQueue) {
        out.clear();
        exchange.route(key, null, out);
        if (!out.contains(Destination.queue(stableQueue))) {
            problem.compareAndSet(null, "'" + key + "' missed " + stableQueue + ": " + out);
        }
        if (new HashSet<>(out).size() != out.size()) {
            problem.compareAndSet(null, "'" + key + "' routed a destination twice: " + out);
        }
    }
}
