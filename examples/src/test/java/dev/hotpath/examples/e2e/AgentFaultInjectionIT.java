package dev.hotpath.examples.e2e;

import dev.hotpath.collector.Collector;
import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.stats.CollectorCounters;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults inside the agent (issue 7, item 3): with the test-only switch {@code -Dhotpath.test.fault} every hook
 * the advice calls throws on every other call, RuntimeException, StackOverflowError and NoClassDefFoundError in
 * turn (a hook's k-th fault is error k mod 3, so three faults of a hook mean it threw each of them). The shop
 * answers exactly what it answers without the agent, the failures are counted per hook and reach the collector,
 * each hook logs at most one line, and the calls between faults are still recorded. One faulty JVM per JDK
 * rather than one per error keeps this under a minute.
 */
class AgentFaultInjectionIT {
    private static final String ERRORS = "RuntimeException+StackOverflowError+NoClassDefFoundError";
    /** Hooks the shop's requests reach (servlet, HikariCP, H2); each must have failed at least once. */
    private static final List<String> SHOP_HOOKS = List.of("serverEnter", "serverExit", "acquireEnter", "acquireExit",
            "statementPrepared", "statementEnter", "statementExit");

    static List<Path> javas() {
        return JavaRuntimes.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void responsesUnchangedAndEveryFaultCounted(Path java, @TempDir Path out) throws Exception {
        List<String> paths = requests();
        List<String> baseline;
        try (ForkedJvm shop = ForkedJvm.start(java, null, null, List.of(), Builds.examplesJar(),
                "dev.hotpath.examples.shop.ShopService", "--port", "0")) {
            baseline = answers(new ShopClient(shop.awaitPort(90)), paths);
            shop.stop(20);
        }
        assertEquals(paths.size(), baseline.size());

        String output;
        CollectorCounters counters;
        try (Collector collector = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build());
             ForkedJvm shop = ForkedJvm.start(java, Builds.agentJar(),
                     "collector=http://127.0.0.1:" + collector.port() + ",service.name=shop,stats.interval.ms=500,sample.rate=1",
                     List.of("-Dhotpath.test.fault=*:" + ERRORS), Builds.examplesJar(),
                     "dev.hotpath.examples.shop.ShopService", "--port", "0")) {
            List<String> withFaults = answers(new ShopClient(shop.awaitPort(90)), paths);
            shop.stop(30); // SIGTERM: the last stats post carries the last counters
            output = shop.output();
            for (int i = 0; i < paths.size(); i++) {
                assertEquals(baseline.get(i), withFaults.get(i), "answer to " + paths.get(i) + " changed\n" + output);
            }
            counters = collector.counters();
        }
        assertTrue(output.contains("TEST FAULT INJECTION active"), output);

        long perHook = 0;
        for (String hook : SHOP_HOOKS) {
            long n = counters.getAgent("agent.errors.hook." + hook);
            assertTrue(n >= 3, hook + " threw each of the three errors and every failure reached the collector, got "
                    + n + "\n" + output);
            perHook += n;
        }
        long total = counters.getAgent("agent.errors");
        assertTrue(total >= perHook, "agent.errors " + total + " >= per-hook sum " + perHook);
        assertTrue(counters.getAgent("traces.completed") >= 1, "requests whose hooks did not fail are still recorded\n" + output);

        Map<String, Integer> linesPerHook = new TreeMap<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith("[hotpath] hook ")) {
                linesPerHook.merge(line.split(" ")[2], 1, Integer::sum);
            }
            assertFalse(line.contains("injected") && !line.startsWith("[hotpath]"), "the injected error reached the app's output: " + line);
        }
        assertTrue(linesPerHook.keySet().containsAll(SHOP_HOOKS), linesPerHook.toString());
        linesPerHook.forEach((hook, n) -> assertEquals(1, n, "one line per hook per minute, " + hook + "\n" + output));
    }

    /** Reads, a miss (404) and a bad id (400): the servlet, pool and JDBC hooks, on 4 server threads. */
    private static List<String> requests() {
        List<String> paths = new ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            paths.add("/customers/" + i + "/orders");
            paths.add("/customers/" + i + "/orders-fixed");
            paths.add("/products/" + i);
        }
        paths.add("/no/such/page");
        paths.add("/products/not-a-number");
        return paths;
    }

    private static List<String> answers(ShopClient client, List<String> paths) throws Exception {
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            HttpResponse<String> r = client.get(p);
            out.add(r.statusCode() + " " + r.body());
        }
        return out;
    }
}
