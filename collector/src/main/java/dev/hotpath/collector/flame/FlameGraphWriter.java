package dev.hotpath.collector.flame;

import one.convert.Arguments;
import one.convert.FlameGraph;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Renders collapsed stacks as async-profiler's flame graph page: one self-contained HTML file (inline script
 * and style, nothing fetched), written to a temp file beside the target and renamed, so a reader never sees
 * half a page.
 */
public final class FlameGraphWriter {
    private FlameGraphWriter() {
    }

    public static void write(CollapsedStacks stacks, String title, Path out) throws IOException {
        Arguments args = new Arguments();
        args.title = title;
        FlameGraph graph = new FlameGraph(args);
        graph.parseCollapsed(new StringReader(stacks.toText()));
        Path dir = out.toAbsolutePath().getParent();
        dev.hotpath.collector.findings.OwnerOnly.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, out.getFileName().toString(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp);
                 PrintStream ps = new PrintStream(os, false, StandardCharsets.UTF_8)) {
                graph.dump(ps);
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
