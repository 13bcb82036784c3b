package dev.hotpath.collector.findings;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Writes findings.jsonl: one finding a line, ranked by score, the whole file replaced atomically. */
public final class FindingsWriter {
    public static final String FILE_NAME = "findings.jsonl";

    /** Highest score first; ties by time lost, then id so the order is stable. */
    public static final Comparator<Finding> RANKING = Comparator.comparingInt(Finding::score).reversed()
            .thenComparing(Comparator.comparingDouble((Finding f) -> f.impact().totalTimeLostMs()).reversed())
            .thenComparing(Finding::id);

    private final Path file;

    public FindingsWriter(Path runDir) {
        this.file = runDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    public List<Finding> write(List<Finding> findings) throws IOException {
        List<Finding> ranked = new ArrayList<>(findings);
        ranked.sort(RANKING);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Finding f : ranked) {
            out.write(line(f));
        }
        AtomicFiles.replace(file, out.toByteArray());
        return ranked;
    }

    static byte[] line(Object value) throws JsonProcessingException {
        return (Json.MAPPER.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
