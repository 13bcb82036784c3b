package dev.hotpath.collector.detect;

import dev.hotpath.collector.findings.Finding;
import dev.hotpath.collector.trace.Attr;
import dev.hotpath.collector.trace.Span;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How often each code location (code.* attributes) issued a pattern's spans; bounded to 64 locations. */
final class CodePointers {
    private final Map<Finding.CodePointer, Long> counts = new HashMap<>();

    void add(Span s) {
        String fn = s.stringAttr(Attr.CODE_FUNCTION);
        if (fn == null) {
            return;
        }
        Long line = s.longAttr(Attr.CODE_LINE);
        add(new Finding.CodePointer(fn, s.stringAttr(Attr.CODE_FILE), line == null ? null : line.intValue()));
    }

    /** A code location seen once more (e.g. the first application frame of a JFR stack). */
    void add(Finding.CodePointer p) {
        if (counts.size() < 64 || counts.containsKey(p)) {
            counts.merge(p, 1L, Long::sum);
        }
    }

    /** Most common first, up to 3. */
    List<Finding.CodePointer> top() {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<Finding.CodePointer, Long>comparingByValue().reversed()
                        .thenComparing(e -> e.getKey().function()))
                .limit(3)
                .map(Map.Entry::getKey)
                .toList();
    }
}
