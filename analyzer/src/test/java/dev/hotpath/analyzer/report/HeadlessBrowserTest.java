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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads report.html in Debian's headless chromium: the page must render every section and both
 * charts, and log no console error. Skipped, with a message, where /usr/bin/chromium is absent
 * (.ci/run installs it: {@code apt-get install -y chromium}).
 */
class HeadlessBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("hotpath.chromium", "/usr/bin/chromium"));

    @TempDir
    Path tmp;

    @Test
    void reportRendersInARealBrowserWithoutConsoleErrors() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless browser test skipped: " + CHROMIUM + " is absent (install Debian's "
                + "chromium, as .ci/run does, or point -Dhotpath.chromium at a Chromium binary)");
        Path dir = Fixtures.copyOfDemoRun(tmp);
        assertEquals(0, ReportCommand.run(dir, null, "http://jaeger:16686/trace/{traceId}", new PrintStream(new ByteArrayOutputStream()),
                System.err));
        Path stderr = tmp.resolve("chromium.err");
        Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + tmp.resolve("profile"), "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000",
                "--dump-dom", dir.resolve("report.html").toUri().toString()))
                .redirectError(stderr.toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not exit");
        String log = Files.readString(stderr);
        for (String id : List.of("executive-summary", "observations", "bottleneck-hypotheses", "validation-plan", "fix-plan",
                "verification", "instrumentation-gaps", "appendix", "latency-chart", "breakdown-chart")) {
            assertTrue(dom.contains("id=\"" + id + "\""), "rendered DOM lacks #" + id);
        }
        assertTrue(dom.contains("class=\"sortable\""), "tables are in the DOM");
        assertFalse(log.lines().anyMatch(l -> l.contains("CONSOLE") && (l.contains("ERROR") || l.contains("Uncaught"))),
                "console errors:\n" + log);
    }
}
