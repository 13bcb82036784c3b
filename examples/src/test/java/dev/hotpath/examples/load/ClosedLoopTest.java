package dev.hotpath.examples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The closed-loop mode: its measured window, its flags, and a short real run against a loopback server. */
class ClosedLoopTest {

    @Test
    void onlyCompletionsInsideTheWindowAfterTheWarmUpCount() {
        ClosedLoopWindow w = new ClosedLoopWindow(1_000, 2_000_000_000L, 10_000_000_000L);
        assertFalse(w.measures(1_000 + 1_999_999_999L), "still warming up");
        assertTrue(w.measures(1_000 + 2_000_000_000L));
        assertTrue(w.measures(1_000 + 11_999_999_999L));
        assertFalse(w.measures(1_000 + 12_000_000_000L), "after the window");
        assertEquals(10.0, w.seconds(), 1e-12);
        assertEquals(1234.5, w.perSecond(12_345), 1e-9);
        // System.nanoTime() may be negative or wrap: only differences count
        ClosedLoopWindow wrapping = new ClosedLoopWindow(Long.MAX_VALUE - 5, 0, 10);
        assertTrue(wrapping.measures(Long.MAX_VALUE + 2));
    }

    @Test
    void closedLoopFlagsComeTogether() {
        LoadDriver.CommandLine cli = LoadDriver.CommandLine.parse(new String[] {"--target", "http://127.0.0.1:9",
                "--path", "/accounts/{id}/statement", "--ids", "300", "--connections", "8", "--duration", "20", "--warmup=3"});
        assertEquals(8, cli.connections);
        assertEquals(Duration.ofSeconds(20), cli.duration);
        assertEquals(Duration.ofSeconds(3), cli.warmup);
        assertEquals("/accounts/{id}/statement", cli.plan.path());
        assertEquals(300, cli.plan.customers());
        assertEquals(Set.of(Endpoint.PATH), cli.plan.mix().weights().keySet());
        assertEquals("/accounts/{id}/statement", cli.plan.routeOf(Endpoint.PATH));

        LoadDriver.CommandLine open = LoadDriver.CommandLine.parse(new String[] {"--rate", "10"});
        assertEquals(0, open.connections);
        assertNull(open.plan.path());
        assertNull(LoadDriver.CommandLine.parse(new String[] {"--help"}));

        for (String[] bad : new String[][] {{"--connections", "4"}, {"--duration", "5"}, {"--connections", "2.5", "--duration", "5"},
                {"--connections", "4", "--duration", "0"}, {"--ids", "10"}, {"--path", "accounts"}, {"--connections", "-1"}}) {
            assertThrows(IllegalArgumentException.class, () -> LoadDriver.CommandLine.parse(bad), String.join(" ", bad));
        }
    }

    @Test
    void workersKeepTheServerBusyAndOnlyTheWindowIsCounted() throws Exception {
        Set<String> paths = ConcurrentHashMap.newKeySet();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            int status = exchange.getRequestURI().getPath().equals("/items/3/x") ? 500 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            LoadPlan plan = LoadPlan.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), 1,
                    Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO).withPath("/items/{id}/x", 3);
            LoadResult r = ClosedLoopDriver.run(plan, 2, Duration.ofMillis(300), Duration.ofSeconds(1), line -> { });
            assertTrue(r.closedLoop());
            assertEquals(2, r.connections());
            assertEquals(1.0, r.scheduleSeconds(), 1e-9);
            assertEquals(Set.of("/items/1/x", "/items/2/x", "/items/3/x"), paths, "ids drawn from 1..ids");
            EndpointResult total = r.total();
            assertTrue(total.completed() > 10, "completed " + total.completed());
            assertEquals(total.completed(), total.rps(), 1e-9, "rps = completions in a 1 s window");
            assertTrue(total.errors() > 0 && total.errors() < total.completed(), "the 500s of id 3 are errors");
            assertEquals(0, total.dropped());
            assertEquals("/items/{id}/x", r.endpoints().get(0).route());
            String json = LoadReport.json(r);
            assertTrue(json.contains("\"model\":\"closed\"") && json.contains("\"connections\":2"), json);
            assertTrue(LoadReport.table(r).contains("closed loop: 2 connections"));
        } finally {
            server.stop(0);
        }
    }
}
