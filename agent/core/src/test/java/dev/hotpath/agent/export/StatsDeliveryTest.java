package dev.hotpath.agent.export;

import com.sun.net.httpserver.HttpServer;
import dev.hotpath.agent.aggregate.Aggregates;
import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.config.ConfigResolver;
import dev.hotpath.agent.pools.PoolSampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stats posts against a loopback fake collector that takes the first post in but answers it only after the
 * agent's timeout: the agent counts that post as failed and sends its counters again, under the same
 * {@code seq}, with what it counted since; the number moves on only after an answer. (The collector adds only
 * the new part of a post under a number it has seen: {@code IngestHttpTest}.)
 */
class StatsDeliveryTest {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AgentCounters counters = new AgentCounters();
    private HttpServer server;
    private TraceExporter exporter;

    @AfterEach
    void stop() {
        if (exporter != null) {
            exporter.shutdown(100);
        }
        server.stop(0);
    }

    @Test
    void aPostAnsweredTooLateGoesAgainUnderTheSameSeq() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/hotpath/stats", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (bodies.size() == 1) {
                sleep(2500); // taken in, answered after the agent's 1 s timeout
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        AgentConfig config = new ConfigResolver("collector=http://127.0.0.1:" + server.getAddress().getPort()
                + ",service.name=shop,export.timeout.ms=1000,stats.interval.ms=200", k -> null, k -> null).resolve();
        exporter = new TraceExporter(config, new Aggregates(10, 10, counters), counters, "test",
                new PoolSampler(config.poolSampleMillis(), counters));
        counters.add(AgentCounters.TRACES_COMPLETED, 7);
        exporter.ensureStarted();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (bodies.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(bodies.size() >= 3, "three stats posts: " + bodies);

        assertEquals(1, seq(bodies.get(0)));
        assertEquals(1, seq(bodies.get(1)), "sent again under the same number: " + bodies.get(1));
        assertEquals(2, seq(bodies.get(2)), "the next number once answered");
        assertEquals(7, counter(bodies.get(0), "traces.completed"));
        assertEquals(7, counter(bodies.get(1), "traces.completed"), "the first post's counters go again");
        assertEquals(1, counter(bodies.get(1), "stats.dropped"), "plus what was counted since: the failed post");
        assertEquals(0, counter(bodies.get(2), "traces.completed"), "after the answer, only new counts");
    }

    private static long seq(String body) {
        Matcher m = SEQ.matcher(body);
        assertTrue(m.find(), body);
        return Long.parseLong(m.group(1));
    }

    private static long counter(String body, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(\\d+)").matcher(body.substring(body.indexOf("\"counters\"")));
        assertTrue(m.find(), name + " in " + body);
        return Long.parseLong(m.group(1));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
