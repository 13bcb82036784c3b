package dev.hotpath.collector.findings;

import java.io.IOException;
import java.nio.file.Path;

/** Writes summary.json atomically. */
public final class SummaryWriter {
    public static final String FILE_NAME = "summary.json";
    private final Path file;

    public SummaryWriter(Path runDir) {
        this.file = runDir.resolve(FILE_NAME);
    }

    public void write(RunSummary summary) throws IOException {
        AtomicFiles.replace(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(summary));
    }
}
