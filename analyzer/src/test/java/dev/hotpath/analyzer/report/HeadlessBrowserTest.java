package dev.hotpath.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hotpath.analyzer.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads report.html of a recorded demo run (concurrency sweep, pools, JFR, flame graphs) in Debian's
 * headless chromium: the page must render every section, every chart and table the run calls for, link
 * its flame graphs, and log no console error; each flame graph page must load without console error too.
 * Skipped, with a message, where /usr/bin/chromium is absent (.ci/run installs it: {@code apt-get install -y chromium}).
 */
class HeadlessBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("hotpath.chromium", "/usr/bin/chromium"));

    @TempDir
    Path tmp;

    @Test
    void reportRendersInARealBrowserWithoutConsoleErrors() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless browser test skipped: " + CHROMIUM + " is absent (install Debian's "
                + "chromium, as .ci/run does, or point -Dhotpath.chromium at a Chromium binary)");
        Path dir = Fixtures.copyOfRun("sweep", tmp);
        assertEquals(0, ReportCommand.run(dir, null, "http://jaeger:16686/trace/{traceId}", new PrintStream(new ByteArrayOutputStream()),
                System.err));
        Rendered report = render(dir.resolve("report.html"), "report");
        for (String id : List.of("executive-summary", "observations", "bottleneck-hypotheses", "validation-plan", "fix-plan",
                "verification", "instrumentation-gaps", "appendix", "latency-chart", "breakdown-chart", "concurrency-chart-1")) {
            assertTrue(report.dom.contains("id=\"" + id + "\""), "rendered DOM lacks #" + id);
        }
        for (String heading : List.of("Pools (connection and thread pools)", "Where JVM time goes per endpoint",
                "Client p95 per load step", "Latency and wait share vs concurrency")) {
            assertTrue(report.dom.contains(heading), "rendered DOM lacks the section " + heading);
        }
        assertTrue(report.dom.contains("class=\"sortable\""), "tables are in the DOM");
        assertTrue(report.dom.contains("href=\"http://jaeger:16686/trace/"), "trace ids are links to the trace viewer");
        assertNoConsoleErrors(report);
        Matcher flame = Pattern.compile("href=\"(flame/[^\"]+\\.html)\"").matcher(report.dom);
        assertTrue(flame.find(), "the report links a flame graph");
        Rendered graph = render(dir.resolve(flame.group(1)), "flame");
        assertTrue(graph.dom.contains("<svg") || graph.dom.contains("<canvas"), "the flame graph page draws: " + flame.group(1));
        assertNoConsoleErrors(graph);
    }

    private record Rendered(String dom, String log) {
    }

    private Rendered render(Path page, String name) throws Exception {
        Path stderr = tmp.resolve(name + "-chromium.err");
        Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + tmp.resolve(name + "-profile"), "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000",
                "--dump-dom", page.toUri().toString()))
                .redirectError(stderr.toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not exit");
        return new Rendered(dom, Files.readString(stderr));
    }

    private static void assertNoConsoleErrors(Rendered r) {
        assertFalse(r.log.lines().anyMatch(l -> l.contains("CONSOLE") && (l.contains("ERROR") || l.contains("Uncaught"))),
                "console errors:\n" + r.log);
    }
}
