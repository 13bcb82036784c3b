package dev.hotpath.collector.flame;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The playbook's "flamegraph for the top slow path": samples from the slowest requests of one endpoint,
 * drawn into {@code <run dir>/flame/<method>-<route>.html}. The caller (the JFR join) picks the requests
 * and passes their windows; the returned link (relative to the run directory) goes into the finding's
 * {@code flameGraph} field. Nothing is written without samples.
 */
public final class SlowPathFlameGraph {
    private SlowPathFlameGraph() {
    }

    /** What was drawn: the link (null when nothing was) and the stacks behind it. */
    public record Result(String link, CollapsedStacks stacks) {
    }

    /** The JFR files of one JVM and the windows of requests it served (thread ids are per JVM). */
    public record Source(List<Path> jfrFiles, List<RequestWindow> windows) {
    }

    public static Result write(Path runDir, String method, String route, List<Path> jfrFiles, List<RequestWindow> slowest)
            throws IOException {
        return write(runDir, method, route, List.of(new Source(jfrFiles, slowest)));
    }

    /** One graph over several JVMs' requests. */
    public static Result write(Path runDir, String method, String route, List<Source> sources) throws IOException {
        CollapsedStacks stacks = new CollapsedStacks();
        int requests = 0;
        for (Source s : sources) {
            RequestStackCollector.collect(s.jfrFiles(), s.windows(), stacks);
            requests += s.windows().size();
        }
        if (stacks.samples() == 0) {
            return new Result(null, stacks);
        }
        String link = "flame/" + fileName(method, route);
        FlameGraphWriter.write(stacks, method + " " + route + ": " + requests + " slowest requests, "
                + stacks.samples() + " samples", runDir.resolve(link));
        return new Result(link, stacks);
    }

    static String fileName(String method, String route) {
        String slug = (method + "-" + route).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return (slug.isEmpty() ? "endpoint" : slug) + ".html";
    }
}
