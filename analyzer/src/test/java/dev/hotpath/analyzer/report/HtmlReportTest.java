package dev.hotpath.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.analyzer.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hotpath report DIR}: both files written, HTML self-contained, sections and charts present, trace links. */
class HtmlReportTest {
    @TempDir
    Path tmp;

    @Test
    void writesBothFilesSelfContainedWithChartsAndTraceLinks() throws Exception {
        Path dir = Fixtures.copyOfDemoRun(tmp);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ReportCommand.run(dir, null, "http://jaeger:16686/trace/{traceId}", new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertEquals(0, exit);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("[report] reading"), printed);
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("hotpath report: 0 of 4 SLO objectives breached, 1 finding(s)")
                && l.contains("report.md") && l.contains("report.html")), printed);

        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(Files.readString(dir.resolve("report.md")).contains("[ae1d38a7b9f2827bc7a0af2a04db7c52](http://jaeger:16686/trace/ae1d38a7b9f2827bc7a0af2a04db7c52)"));
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<section id=\"([a-z-]+)\">").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertEquals(List.of("executive-summary", "observations", "bottleneck-hypotheses", "validation-plan", "fix-plan", "verification",
                "instrumentation-gaps", "appendix"), ids);
        assertTrue(html.contains("<svg class=\"chart\" id=\"latency-chart\""));
        assertTrue(html.contains("<svg class=\"chart\" id=\"breakdown-chart\""));
        assertTrue(html.contains("<table class=\"sortable\">"));
        assertTrue(html.contains("<a class=\"trace\" href=\"http://jaeger:16686/trace/ae1d38a7b9f2827bc7a0af2a04db7c52\">"));
        // self-contained: nothing fetched from anywhere
        assertFalse(html.contains("<link"), "no stylesheet links");
        assertFalse(Pattern.compile("<script[^>]+src=").matcher(html).find(), "no external scripts");
        assertFalse(Pattern.compile("<img").matcher(html).find(), "no images");
        assertFalse(html.contains("@import") || html.contains("url("), "no CSS imports");
        Matcher href = Pattern.compile("href=\"(https?:[^\"]+)\"").matcher(html);
        while (href.find()) {
            assertTrue(href.group(1).startsWith("http://jaeger:16686/trace/"), "only trace links leave the page: " + href.group(1));
        }
        // the only xmlns URL is the SVG namespace, which is an identifier, not a fetch
        assertFalse(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").contains("src=\"http"));
    }

    @Test
    void withoutTemplateTraceIdsAreNotLinks() throws Exception {
        Path dir = Fixtures.copyOfDemoRun(tmp);
        assertEquals(0, ReportCommand.run(dir, null, null, new PrintStream(new ByteArrayOutputStream()), System.err));
        String html = Files.readString(dir.resolve("report.html"));
        assertFalse(html.contains("<a class=\"trace\""));
        assertTrue(html.contains("<span class=\"trace\">ae1d38a7b9f2827bc7a0af2a04db7c52</span>"));
    }

    @Test
    void badArgumentsExitTwo() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertEquals(2, ReportCommand.run(tmp.resolve("missing"), null, null, quiet, quiet));
        assertEquals(2, ReportCommand.run(Fixtures.copyOfDemoRun(tmp), "access.p95=fast", null, quiet, quiet));
    }
}
