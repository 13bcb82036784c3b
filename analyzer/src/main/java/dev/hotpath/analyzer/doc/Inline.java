package dev.hotpath.analyzer.doc;

import java.util.ArrayList;
import java.util.List;

/** Splits inline Markdown into code spans and plain text (a backtick run closes on a run of the same length). */
final class Inline {
    record Segment(boolean code, String text) {
    }

    private Inline() {
    }

    static List<Segment> split(String s) {
        List<Segment> out = new ArrayList<>();
        int i = 0;
        StringBuilder plain = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '`') {
                plain.append(c);
                i++;
                continue;
            }
            int run = 0;
            while (i + run < s.length() && s.charAt(i + run) == '`') {
                run++;
            }
            int close = findRun(s, i + run, run);
            if (close < 0) {
                plain.append(s, i, i + run);
                i += run;
                continue;
            }
            if (plain.length() > 0) {
                out.add(new Segment(false, plain.toString()));
                plain.setLength(0);
            }
            String content = s.substring(i + run, close);
            if (content.length() >= 2 && content.startsWith(" ") && content.endsWith(" ")) {
                content = content.substring(1, content.length() - 1);
            }
            out.add(new Segment(true, content));
            i = close + run;
        }
        if (plain.length() > 0) {
            out.add(new Segment(false, plain.toString()));
        }
        return out;
    }

    private static int findRun(String s, int from, int len) {
        int i = from;
        while (i < s.length()) {
            if (s.charAt(i) == '`') {
                int run = 0;
                while (i + run < s.length() && s.charAt(i + run) == '`') {
                    run++;
                }
                if (run == len) {
                    return i;
                }
                i += run;
            } else {
                i++;
            }
        }
        return -1;
    }
}
