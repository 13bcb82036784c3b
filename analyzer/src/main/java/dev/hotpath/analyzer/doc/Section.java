package dev.hotpath.analyzer.doc;

import java.util.List;
import java.util.Locale;

/** A numbered report section ("1. Executive Summary") and its blocks. */
public record Section(int number, String title, List<Block> blocks) {
    public String anchor() {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
