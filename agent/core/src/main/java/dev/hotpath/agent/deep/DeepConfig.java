package dev.hotpath.agent.deep;

import java.nio.file.Path;
import java.util.List;

/**
 * Deep-mode settings (README.md, keys {@code deep*}). Resolved apart from {@code AgentConfig} so the
 * feature stays in one place; a bad value has already given one line and its default.
 *
 * @param requested    {@code deep=canary}
 * @param canary       {@code deep.canary}: true/false forces the choice, null leaves it to the fraction
 * @param canaryFraction {@code deep.canary.fraction}: share of instances chosen by a stable hash of the instance id
 * @param cpuBudgetPercent CPU the profiler may use during a window, in percent of one core
 * @param killFile     null when no kill file is watched
 * @param allowDeniedJdk {@code deep.jdk.override}: run on a JDK the deny list names (the operator takes the risk)
 */
public record DeepConfig(
        boolean requested,
        Boolean canary,
        double canaryFraction,
        List<DeepMode> modes,
        long windowMillis,
        long everyMillis,
        double cpuBudgetPercent,
        long maxTotalMillis,
        Path killFile,
        Path outbox,
        boolean allowDeniedJdk) {

    public static DeepConfig off() {
        return new DeepConfig(false, null, 0, List.of(DeepMode.values()), 30_000, 300_000, 5, 600_000, null,
                Path.of(System.getProperty("java.io.tmpdir"), "hotpath-jfr", "outbox"), false);
    }
}
