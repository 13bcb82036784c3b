package dev.hotpath.analyzer.run;

/** The load driver's plan from load.json, so the appendix can print the command that reproduces it. */
public record LoadPlan(String target, int ratePerSecond, int rampUpSeconds, int steadySeconds, int rampDownSeconds,
                       int maxInFlight, long seed, String mix) {
}
