package dev.hotpath.analyzer.run;

import java.util.List;

/** One step of a load driver's concurrency sweep (load.json {@code steps}): its offered rate and what the client saw per endpoint. */
public record LoadStep(int step, double ratePerSecond, List<ClientLatency> endpoints) {
}
