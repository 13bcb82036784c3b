package dev.hotpath.collector;

import static dev.hotpath.collector.testing.TraceBuilder.EPOCH_NANOS;
import static dev.hotpath.collector.testing.TraceBuilder.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.collector.jfr.ChunkMeta;
import dev.hotpath.collector.testing.TraceBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access (issue 7, item 12): everything the collector creates in a run directory is its owner's only (0700
 * directories, 0600 files) whatever the umask. (Listening beyond loopback without a token is refused with one
 * clear line: {@code CollectorMainTest}.)
 */
class RunDirectoryPermissionsTest {
    @TempDir
    Path tmp;

    @Test
    void everyFileAndDirectoryTheCollectorCreatesIsOwnerOnly() throws Exception {
        Path out = tmp.resolve("runs").resolve("x");
        byte[] jfr;
        try (InputStream in = RunDirectoryPermissionsTest.class.getResourceAsStream("/jfr/contention.jfr")) {
            jfr = in.readAllBytes();
        }
        try (Collector c = Collector.start(CollectorConfig.builder(out).listen("127.0.0.1", 0).build())) {
            for (int i = 0; i < 10; i++) {
                c.acceptSpans(TraceBuilder.request("shop", EPOCH_NANOS + i * 100 * MS).endpoint("GET", "/orders/{id}")
                        .sequential(6, "select * from items where order_id = ?", "00000000000000aa", 1).spans());
            }
            c.acceptJfr(new ChunkMeta("shop", "i-1", "continuous", null, null), jfr);
            c.flush();
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(tmp.resolve("runs"))) {
            all = s.toList();
        }
        assertTrue(all.stream().anyMatch(p -> p.toString().endsWith(".jfr")), "a JFR chunk was stored: " + all);
        assertTrue(all.stream().anyMatch(p -> p.endsWith("traces.jsonl")), all.toString());
        for (Path p : all) {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
            assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode, p.toString());
        }
    }
}
