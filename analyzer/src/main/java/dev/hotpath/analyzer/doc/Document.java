package dev.hotpath.analyzer.doc;

import java.util.List;

/** A whole report: title, a one-line subtitle, sections in order. */
public record Document(String title, String subtitle, List<Section> sections) {
}
