package dev.hotpath.collector.bench;

import dev.hotpath.collector.CollectorConfig;
import dev.hotpath.collector.IngestPath;
import dev.hotpath.collector.ingest.RejectedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * OTLP ingest throughput, single-threaded (so "per core"), in spans/s: one agent export batch ({@link AgentBatch},
 * 529 spans) per operation through what {@code POST /v1/traces} does after the socket: decode, trace assembly,
 * then the sweep completes the batch's traces (quiet period 1 ns) and runs their per-trace work: traces.jsonl,
 * run statistics, every detector's {@code onTrace}. A fresh collector pipeline (and run directory) per iteration.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class IngestBenchmark {
    @Param({"protobuf", "json"})
    public String format;

    private AgentBatch batch;
    private IngestPath path;
    private Path dir;

    @Setup(Level.Trial)
    public void batch() {
        batch = AgentBatch.create(format.equals("json"), 1);
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        dir = Files.createTempDirectory("hotpath-ingest-bench");
        path = new IngestPath(CollectorConfig.builder(dir).traceQuietPeriod(Duration.ofNanos(1)).flushInterval(Duration.ZERO).build());
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        path.close();
        if (path.counters().get("spans.late") + path.counters().get("spans.shed.max_in_flight_traces") > 0) {
            throw new IllegalStateException("benchmark batches were not all new traces: " + path.counters().collectorSnapshot());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(AgentBatch.SPANS)
    public int ingest(ThreadCpu cpu) throws RejectedRequest, IOException {
        long c0 = ThreadCpu.now();
        batch.renew();
        int spans = path.post(batch.json(), batch.body());
        path.sweep();
        cpu.cpuNanos += ThreadCpu.now() - c0;
        cpu.work += spans;
        return spans;
    }
}
