package dev.hotpath.collector.detect;

import dev.hotpath.collector.CollectorConfig;
import java.util.List;

/** The one place detectors are registered. */
public final class Detectors {
    private Detectors() {
    }

    public static List<Detector> create(CollectorConfig config) {
        // the JFR detectors remember the same completed trace ids: one bounded set for all of them
        JfrRequests.ResolvableTraces resolvable = new JfrRequests.ResolvableTraces(config.rememberCompletedTraces());
        return List.of(
                new NPlusOneDetector(NPlusOneDetector.Settings.from(config)),
                new HttpNPlusOneDetector(HttpNPlusOneDetector.Settings.from(config)),
                new SlowDependencyDetector(SlowDependencyDetector.Settings.from(config)),
                new PoolExhaustionDetector(PoolExhaustionDetector.Settings.from(config)),
                new LockContentionDetector(LockContentionDetector.Settings.from(config), resolvable),
                new GcPauseDetector(GcPauseDetector.Settings.from(config), resolvable),
                new CpuHotspotDetector(CpuHotspotDetector.Settings.from(config), resolvable),
                new VirtualThreadPinningDetector(VirtualThreadPinningDetector.Settings.from(config), resolvable));
    }
}
