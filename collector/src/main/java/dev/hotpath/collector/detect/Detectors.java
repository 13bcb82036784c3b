package dev.hotpath.collector.detect;

import dev.hotpath.collector.CollectorConfig;
import java.util.List;

/** The one place detectors are registered. */
public final class Detectors {
    private Detectors() {
    }

    public static List<Detector> create(CollectorConfig config) {
        return List.of(
                new NPlusOneDetector(NPlusOneDetector.Settings.from(config)),
                new HttpNPlusOneDetector(HttpNPlusOneDetector.Settings.from(config)),
                new SlowDependencyDetector(SlowDependencyDetector.Settings.from(config)),
                new PoolExhaustionDetector(PoolExhaustionDetector.Settings.from(config)),
                new LockContentionDetector(LockContentionDetector.Settings.from(config)),
                new GcPauseDetector(GcPauseDetector.Settings.from(config)),
                new CpuHotspotDetector(CpuHotspotDetector.Settings.from(config)),
                new VirtualThreadPinningDetector(VirtualThreadPinningDetector.Settings.from(config)));
    }
}
