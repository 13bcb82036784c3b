package dev.hotpath.analyzer.sections;

import dev.hotpath.analyzer.doc.Block;
import dev.hotpath.analyzer.doc.SectionBuilder;
import dev.hotpath.analyzer.report.Fmt;
import dev.hotpath.analyzer.run.JfrTime;
import dev.hotpath.analyzer.run.Run;
import java.util.ArrayList;
import java.util.List;

/**
 * Observations, "where time goes" from JFR (summary.json {@code jfr}): lock wait, GC pauses, estimated CPU and
 * virtual-thread pinning per endpoint, over every request the agents' JFR request events report, and the links
 * to the endpoints' flame graphs.
 */
final class JvmTimeTable {
    private JvmTimeTable() {
    }

    static void render(Run run, SectionBuilder s) {
        JfrTime jfr = run.jfr();
        if (jfr == null) {
            return;
        }
        if (jfr.endpoints().isEmpty()) {
            jvmWide(jfr, s);
            return;
        }
        s.heading("Where JVM time goes per endpoint (JFR, every request)");
        boolean pinned = jfr.endpoints().stream().anyMatch(e -> e.pinnedMs() > 0);
        SectionBuilder.TableBuilder t = s.table().text("Endpoint").num("Requests (JFR)").num("Mean ms").num("Lock wait")
                .num("GC pause").num("CPU (est.)");
        if (pinned) {
            t.num("VT pinned");
        }
        t.num("Rest (I/O, sleeps, other waits)");
        List<Block.BreakdownChart.BreakdownBar> bars = new ArrayList<>();
        for (JfrTime.Endpoint e : jfr.endpoints()) {
            double rest = Math.max(0, e.totalMs() - e.lockWaitMs() - e.gcPauseMs() - e.cpuMs() - e.pinnedMs());
            List<String> row = new ArrayList<>(List.of(e.name(), Fmt.count(e.requests()),
                    Fmt.num(e.requests() == 0 ? 0 : e.totalMs() / e.requests()), part(e, e.lockWaitMs()), part(e, e.gcPauseMs()),
                    part(e, e.cpuMs())));
            if (pinned) {
                row.add(part(e, e.pinnedMs()));
            }
            row.add(part(e, rest));
            t.row(row.toArray(String[]::new));
            List<Double> parts = new ArrayList<>(List.of(e.lockWaitMs(), e.gcPauseMs(), e.cpuMs()));
            if (pinned) {
                parts.add(e.pinnedMs());
            }
            parts.add(rest);
            bars.add(new Block.BreakdownChart.BreakdownBar(e.name(), e.requests() + " requests", parts));
        }
        t.end();
        List<String> names = new ArrayList<>(List.of("lock wait", "GC pause", "CPU"));
        if (pinned) {
            names.add("VT pinned");
        }
        names.add("rest");
        s.add(new Block.BreakdownChart(names, bars, "Where JVM time goes per endpoint (share of JFR-seen request time)"));
        s.bullets(List.of(
                "From the JFR chunks (" + chunks(jfr) + "), joined to requests by thread and time: every request, kept or not. "
                        + "Lock wait = monitor-enter and lock parks above the agent's threshold (jfr.lock.threshold.ms, default 10 ms); "
                        + "GC pause = stop-the-world pauses overlapping the request; these overlap with each other only when a pause "
                        + "falls inside a lock wait.",
                "CPU is estimated: execution samples on the request's thread x " + Fmt.num(jfr.samplePeriodMs()) + " ms. The JDK "
                        + "samples only threads running Java code, a few per period, so it is a lower bound; native code (I/O, "
                        + "compression in native libraries) is in 'rest'."));
        List<Block.Links.Link> flames = FlameGraphLinks.of(run);
        if (!flames.isEmpty()) {
            s.para("Flame graphs of the slowest requests (execution and wall samples on their threads, in their time windows):");
            s.links(flames);
        }
    }

    /** A recording without the agent's request events (e.g. jcmd JFR.dump): only what needs no request join. */
    private static void jvmWide(JfrTime jfr, SectionBuilder s) {
        JfrTime.Jvm jvm = jfr.jvm();
        s.heading("JVM-wide JFR (no request events: not tied to endpoints)");
        if (jvm == null) {
            s.para("The JFR files hold no request events and no JVM-wide figures.");
            return;
        }
        s.para(String.format(java.util.Locale.ROOT, "From %s to %s: %d stop-the-world GC pauses, %s in total, the longest %s; %d execution "
                        + "samples (every thread). Without the agent's request events these cannot be tied to endpoints or requests, and "
                        + "lock waits are not reported (an idle worker's wait cannot be told from contention).",
                jvm.firstEvent() == null ? "?" : jvm.firstEvent(), jvm.lastEvent() == null ? "?" : jvm.lastEvent(), jvm.gcPauses(),
                Fmt.ms(jvm.gcPauseMsTotal()), Fmt.ms(jvm.longestGcPauseMs()), jvm.executionSamples()));
        if (!jvm.topFrames().isEmpty()) {
            SectionBuilder.TableBuilder t = s.table().text("First application frame (CPU samples, all threads)").num("Samples").num("Share");
            for (JfrTime.FrameSamples f : jvm.topFrames()) {
                t.row(Fmt.code(f.frame()), Fmt.count(f.samples()), Fmt.share(f.share()));
            }
            t.end();
        }
    }

    private static String part(JfrTime.Endpoint e, double ms) {
        return Fmt.share(e.totalMs() > 0 ? ms / e.totalMs() : 0) + " (" + Fmt.ms(ms) + ")";
    }

    private static String chunks(JfrTime jfr) {
        List<String> parts = new ArrayList<>();
        jfr.chunksStored().forEach((kind, n) -> parts.add(n + " " + kind));
        return parts.isEmpty() ? "no chunk left on disk" : String.join(", ", parts);
    }
}
