package dev.hotpath.collector;

import dev.hotpath.collector.detect.DetectionContext;
import dev.hotpath.collector.detect.Detector;
import dev.hotpath.collector.detect.Detectors;
import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.flame.FindingFlameGraphs;
import dev.hotpath.collector.findings.FindingsWriter;
import dev.hotpath.collector.findings.RunSummary;
import dev.hotpath.collector.stats.PoolSummary;
import dev.hotpath.collector.findings.SummaryWriter;
import dev.hotpath.collector.findings.TraceLog;
import dev.hotpath.collector.findings.AtomicFiles;
import dev.hotpath.collector.findings.OwnerOnly;
import dev.hotpath.collector.ingest.IngestJournal;
import dev.hotpath.collector.ingest.IngestSink;
import dev.hotpath.collector.ingest.RejectedRequest;
import dev.hotpath.collector.jfr.ChunkMeta;
import dev.hotpath.collector.jfr.JfrChunkParser;
import dev.hotpath.collector.jfr.JfrChunkStore;
import dev.hotpath.collector.jfr.JfrEvidence;
import dev.hotpath.collector.jfr.JfrTimeSummary;
import dev.hotpath.collector.jfr.ParsedChunk;
import dev.hotpath.collector.stats.AgentStatsReport;
import dev.hotpath.collector.stats.CollectorCounters;
import dev.hotpath.collector.stats.RunStats;
import dev.hotpath.collector.stats.RunWindow;
import dev.hotpath.collector.trace.Span;
import dev.hotpath.collector.trace.Trace;
import dev.hotpath.collector.trace.TraceAssembler;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * spans -> assembled traces -> (traces.jsonl, run statistics, detectors) -> findings.jsonl and
 * summary.json. Ingest threads feed it; the flush thread drains it.
 */
final class Pipeline implements IngestSink {
    private final CollectorConfig config;
    private final CollectorCounters counters;
    private final TraceAssembler assembler;
    private final RunStats stats;
    private final List<Detector> detectors;
    private final TraceLog traceLog;
    private final FindingsWriter findingsWriter;
    private final SummaryWriter summaryWriter;
    private final JfrChunkStore jfrStore;
    private final JfrEvidence jfr;
    private final FindingFlameGraphs flameGraphs;
    private JfrTimeSummary jfrSummary;
    private long jfrSummaryEvidence = -1;
    private long jfrSummaryStore = -1;
    private final long startedMs = System.currentTimeMillis();
    private final Object flushLock = new Object();
    private final IngestJournal journal;
    /** Appends to the journal and the assembler hold it shared; rotating the journal holds it exclusively. */
    private final ReentrantReadWriteLock intake = new ReentrantReadWriteLock();
    private volatile boolean allWritten;
    private volatile List<Finding> lastFindings = List.of();

    Pipeline(CollectorConfig config, CollectorCounters counters) throws IOException {
        this.config = config;
        this.counters = counters;
        OwnerOnly.createDirectories(config.outDir());
        this.assembler = new TraceAssembler(config.traceQuietPeriod().toNanos(), config.orphanTraceTimeout().toNanos(),
                config.traceRemoteParentWait().toNanos(),
                config.maxInFlightTraces(), config.maxSpansPerTrace(), config.rememberCompletedTraces(), counters);
        this.stats = new RunStats(config.maxStatsKeys(), counters);
        this.detectors = Detectors.create(config);
        counters.add("files.stale_temp_deleted", AtomicFiles.deleteStaleTemps(config.outDir()));
        this.traceLog = new TraceLog(config.outDir(), config.maxTraceLogBytes());
        counters.add("traces.log.torn_bytes_repaired", traceLog.repairedBytes());
        this.findingsWriter = new FindingsWriter(config.outDir());
        this.summaryWriter = new SummaryWriter(config.outDir());
        this.jfrStore = new JfrChunkStore(config.outDir().resolve("jfr"), config.jfr().maxStoreBytes(), counters);
        this.jfr = new JfrEvidence(config.jfr().maxRequests(), config.jfr().maxEvents(), counters);
        this.flameGraphs = new FindingFlameGraphs(config.outDir(), FindingFlameGraphs.Settings.defaults(), counters);
        this.journal = new IngestJournal(config.outDir(), config.maxJournalBytes(), counters);
        replayJournal();
    }

    /**
     * Spans a crashed predecessor acknowledged but had not written: back into assembly (and into this process's
     * journal), except those of traces already in traces.jsonl.
     */
    private void replayJournal() throws IOException {
        List<IngestJournal.Entry> entries = journal.recover();
        List<List<Span>> decoded = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (IngestJournal.Entry e : entries) {
            try {
                List<Span> spans = e.decode();
                decoded.add(spans);
                spans.forEach(sp -> ids.add(sp.traceId()));
            } catch (RejectedRequest ex) {
                decoded.add(List.of());
                counters.increment("journal.unreadable_records");
            }
        }
        Set<String> written = ids.isEmpty() ? Set.of() : TraceLog.traceIdsAmong(config.outDir(), ids);
        for (int i = 0; i < entries.size(); i++) {
            List<Span> pending = new ArrayList<>();
            for (Span sp : decoded.get(i)) {
                if (written.contains(sp.traceId())) {
                    counters.increment("journal.replay.already_written");
                } else {
                    pending.add(sp);
                }
            }
            journal.append(entries.get(i).format(), entries.get(i).body(), pending);
            assembler.add(pending, System.nanoTime());
            counters.add("journal.replay.spans", pending.size());
        }
        journal.deleteRecovered();
    }

    @Override
    public void acceptSpans(List<Span> spans) {
        assembler.add(spans, System.nanoTime());
    }

    /** An acknowledged body: journaled before assembly, so the answer 200 means it survives a crash. */
    @Override
    public void acceptSpans(List<Span> spans, byte format, byte[] body) throws RejectedRequest {
        intake.readLock().lock();
        try {
            if (!journal.hasRoomFor(body.length)) {
                throw new RejectedRequest(503, "journal_full", "collector journal full: " + journal.bytes() / (1 << 20)
                        + " MiB of acknowledged spans of traces still in assembly (maxJournalBytes); retry later");
            }
            journal.append(format, body, spans);
            assembler.add(spans, System.nanoTime());
        } catch (IOException e) {
            counters.increment("journal.failed");
            throw new RejectedRequest(503, "journal_failed", "collector could not journal the spans (" + e.getMessage() + "); retry later");
        } finally {
            intake.readLock().unlock();
        }
    }

    /** Closes the journal segment (its spans are all in the assembler) and drops segments whose traces all left it. */
    private void checkpointJournal() throws IOException {
        intake.writeLock().lock();
        try {
            journal.rotate();
        } finally {
            intake.writeLock().unlock();
        }
        journal.prune(assembler::isInFlight);
    }

    @Override
    public void acceptStats(AgentStatsReport report) {
        stats.addAgentReport(report);
    }

    @Override
    public void acceptJfr(ChunkMeta meta, byte[] bytes) throws RejectedRequest {
        ParsedChunk chunk;
        try {
            chunk = JfrChunkParser.parse(bytes, meta);
        } catch (JfrChunkParser.UnreadableChunk e) {
            counters.increment("jfr.chunks.parse_failed");
            throw RejectedRequest.malformed(e.getMessage());
        }
        try {
            jfrStore.store(bytes, meta, chunk.firstNanos(), chunk.lastNanos());
        } catch (IOException e) {
            counters.increment("jfr.store.failed"); // analysed, not kept on disk
        }
        jfr.add(chunk);
        counters.increment("jfr.chunks.received");
        counters.add("jfr.events.received", chunk.events());
        counters.add("jfr.events.unreadable", chunk.skipped());
    }

    /** Moves traces that completed by quiet period (or orphan timeout) downstream. */
    void sweep() throws IOException {
        synchronized (flushLock) { // a flush must see every trace drained before it
            complete(assembler.drainCompleted(System.nanoTime()));
            checkpointJournal();
        }
    }

    /**
     * Writes all files. With {@code finalizeAll} every in-flight trace is finalized first (explicit
     * flush, close); the periodic flush leaves traces that may still be receiving spans alone.
     */
    List<Finding> flush(boolean finalizeAll) throws IOException {
        synchronized (flushLock) {
            allWritten = false;
            complete(finalizeAll ? assembler.drainAll() : assembler.drainCompleted(System.nanoTime()));
            traceLog.force();
            checkpointJournal();
            if (finalizeAll && assembler.inFlightCount() == 0) {
                allWritten = true;
            }
            RunWindow window = stats.window(startedMs);
            DetectionContext ctx = new DetectionContext(stats, window, jfr);
            List<Finding> all = new ArrayList<>();
            for (Detector d : detectors) {
                try {
                    all.addAll(d.findings(ctx));
                } catch (RuntimeException e) {
                    // one broken detector must not cost the run its other findings
                    counters.increment("detectors.failed." + d.kind());
                }
            }
            all.sort(FindingsWriter.RANKING); // the top findings' endpoints get their flame graphs first
            List<Finding> ranked = findingsWriter.write(flameGraphs.attach(all, jfr, jfrStore));
            summaryWriter.write(new RunSummary(1,
                    new Finding.Window(window.start().toString(), window.end().toString()),
                    (window.endMs() - window.startMs()) / 1000.0,
                    stats.endpoints(), stats.topQueries(config.topQueries()),
                    PoolSummary.of(stats.routeWindows(), stats.poolWindows()),
                    new RunSummary.Counters(counters.collectorSnapshot(), counters.agentSnapshot()),
                    ranked.size(), jfrSummary()));
            counters.increment("flushes");
            lastFindings = List.copyOf(ranked);
            return lastFindings;
        }
    }

    /** Recomputed only when chunks arrived since the last flush (the join walks every JFR event). */
    private JfrTimeSummary jfrSummary() {
        if (counters.get("jfr.chunks.received") == 0) {
            return null;
        }
        long evidence = jfr.version();
        long store = jfrStore.generation();
        if (jfrSummary != null && evidence == jfrSummaryEvidence && store == jfrSummaryStore) {
            return jfrSummary;
        }
        try {
            jfrSummary = JfrTimeSummary.of(jfr, jfrStore.chunks(), config.jfr().cpuSamplePeriodMs());
            jfrSummaryEvidence = evidence;
            jfrSummaryStore = store;
            return jfrSummary;
        } catch (RuntimeException e) {
            counters.increment("jfr.summary.failed"); // the summary without it beats no summary
            return null;
        }
    }

    private void complete(List<Trace> traces) throws IOException {
        for (Trace t : traces) {
            counters.increment("traces.completed");
            if (!traceLog.append(t)) {
                counters.increment("traces.log.shed"); // analysed, not written: its id may not resolve on disk
            }
            stats.addTrace(t);
            for (Detector d : detectors) {
                try {
                    d.onTrace(t);
                } catch (RuntimeException e) {
                    counters.increment("detectors.failed." + d.kind());
                }
            }
        }
        traceLog.writePending(); // the sweep's lines in one write
    }

    List<Finding> lastFindings() {
        return lastFindings;
    }

    int inFlightTraces() {
        return assembler.inFlightCount();
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "ok");
        h.put("received", Map.of("spans", counters.get("received.spans"), "bytes", counters.get("received.bytes"),
                "tracesCompleted", counters.get("traces.completed")));
        h.put("rejected", counters.sumPrefix("requests.rejected."));
        h.put("shed", counters.sumPrefix("spans.shed.") + counters.sumPrefix("stats.shed.") + counters.sumPrefix("requests.shed."));
        h.put("inFlightTraces", assembler.inFlightCount());
        h.put("files", Map.of("dir", config.outDir().toString(), "findings", lastFindings.size()));
        return h;
    }

    /** After a final flush that wrote every trace the journal is emptied; otherwise it stays for the next start. */
    void close() throws IOException {
        traceLog.close();
        if (allWritten) {
            journal.closeAndDiscard();
        } else {
            journal.close();
        }
    }
}
