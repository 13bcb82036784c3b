package dev.hotpath.collector.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hotpath.collector.testing.FindingsSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindingsWriterTest {
    @TempDir
    Path dir;

    @Test
    void rewritesAtomicallyRankedAndLeavesNoTemporaryFiles() throws Exception {
        FindingsWriter w = new FindingsWriter(dir);
        w.write(List.of(finding("00000000000000a1", 30), finding("00000000000000a2", 90), finding("00000000000000a3", 60)));
        w.write(List.of(finding("00000000000000b1", 10), finding("00000000000000b2", 70)));
        var lines = FindingsSchema.validate(w.file());
        assertEquals(List.of("00000000000000b2", "00000000000000b1"), lines.stream().map(n -> n.get("id").asText()).toList());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(FindingsWriter.FILE_NAME), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static Finding finding(String id, int score) {
        Finding.Percentiles p = new Finding.Percentiles(10, 20, 30);
        Finding.FixStep step = new Finding.FixStep("a", "r", "b");
        return new Finding(1, id, "n_plus_one", "t", "s", Severity.ofScore(score), score,
                new Finding.Confidence(ConfidenceLevel.LOW, "r", null), "svc", new Finding.EndpointRef("GET", "/a", "access"),
                new Finding.Window("2025-11-27T05:06:40Z", "2025-11-27T05:07:40Z"),
                new Finding.Impact(1, 2, "traces", 0.5, 0.5, 1, 1, new Finding.LatencyComparison(p, null)),
                new dev.hotpath.collector.detect.NPlusOneEvidence("00000000000000ff", "select 1", "h2",
                        new dev.hotpath.collector.detect.NPlusOneEvidence.RepeatsPerRequest(5, 6),
                        new dev.hotpath.collector.detect.NPlusOneEvidence.UnionMs(1, 2), true, null),
                List.of("0000000000000000000000000000abcd"), List.of(), "h", List.of("v"),
                new Finding.Fix(step, step, step), new Finding.Verification("m", "c", "t", "h"), null);
    }
}
