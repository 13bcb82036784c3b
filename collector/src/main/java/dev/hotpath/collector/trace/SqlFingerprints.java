package dev.hotpath.collector.trace;

import dev.hotpath.sql.SanitizedSql;
import dev.hotpath.sql.SqlSanitizer;

/** Sanitizes and fingerprints statements of foreign spans with the same code the agent uses. */
final class SqlFingerprints {
    private SqlFingerprints() {
    }

    /** Returns null when the sanitizer cannot make sense of the text; the span is then not grouped. */
    static SanitizedSql sanitize(String rawStatement) {
        try {
            SanitizedSql s = SqlSanitizer.sanitize(rawStatement);
            return s == null || s.fingerprint() == null || s.fingerprint().isEmpty() ? null : s;
        } catch (RuntimeException | StackOverflowError e) {
            // A sanitizer bug on one odd statement must not reject the whole export request.
            return null;
        }
    }
}
