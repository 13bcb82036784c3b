package dev.hotpath.analyzer.sections;

import dev.hotpath.analyzer.doc.Block;
import dev.hotpath.analyzer.run.Finding;
import dev.hotpath.analyzer.run.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The flame graph pages the findings link (relative to the run directory, so the report links them as they are). */
final class FlameGraphLinks {
    private FlameGraphLinks() {
    }

    static List<Block.Links.Link> of(Run run) {
        Map<String, String> byPage = new LinkedHashMap<>();
        for (Finding f : run.findings()) {
            if (f.flameGraph() != null) {
                byPage.putIfAbsent(f.flameGraph(), f.endpointName());
            }
        }
        List<Block.Links.Link> out = new ArrayList<>();
        byPage.forEach((page, endpoint) -> out.add(new Block.Links.Link("Flame graph of " + endpoint + " (" + page + ")", page)));
        return out;
    }
}
