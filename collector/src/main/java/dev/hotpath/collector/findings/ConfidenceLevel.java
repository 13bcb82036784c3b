package dev.hotpath.collector.findings;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum ConfidenceLevel {
    HIGH, MEDIUM, LOW;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
