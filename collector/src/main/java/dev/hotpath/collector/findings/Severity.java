package dev.hotpath.collector.findings;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Severity from fixed score bands: critical >= 80, high >= 60, medium >= 40, low >= 20, else info. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, INFO;

    public static Severity ofScore(int score) {
        if (score >= 80) {
            return CRITICAL;
        }
        if (score >= 60) {
            return HIGH;
        }
        if (score >= 40) {
            return MEDIUM;
        }
        if (score >= 20) {
            return LOW;
        }
        return INFO;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
