package dev.hotpath.collector.trace;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpanNormalizerTest {
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    private static Span db(Map<String, Object> attrs) {
        return SpanNormalizer.normalize(TRACE, "00f067aa0ba902b7", "b7ad6b7169203331", "SELECT owners", SpanKind.CLIENT, 1, 2, false,
                Map.of("service.name", "shop"), attrs);
    }

    @Test
    void theAgentsDbSpanIsKeptAsSent() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("hotpath.span.type", "db");
        attrs.put("db.system.name", "h2");
        attrs.put("db.query.text", "select * from owners where id = ?");
        attrs.put("hotpath.db.fingerprint", "9f2c0d4e1a7b3c55");
        Span s = db(attrs);
        assertEquals(SpanType.DB, s.type());
        assertEquals(attrs, s.attributes());
    }

    @Test
    void aForeignStatementIsSanitizedFingerprintedAndRenamed() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("db.system", "postgresql");
        attrs.put("db.statement", "select * from owners where id = 42 and name = 'Ann'");
        Span s = db(attrs);
        assertEquals(SpanType.DB, s.type());
        assertEquals("postgresql", s.dbSystem());
        assertFalse(s.attributes().containsKey("db.statement"), "raw foreign SQL never kept");
        assertFalse(s.statement().contains("42") || s.statement().contains("Ann"), s.statement());
        assertTrue(s.fingerprint().matches("[0-9a-f]{16}"), s.fingerprint());
        assertEquals(2, attrs.size(), "the caller's map is not modified");
    }

    @Test
    void aMalformedFingerprintIsRecomputed() {
        Span s = db(Map.of("hotpath.span.type", "db", "db.query.text", "select * from owners where id = ?",
                "hotpath.db.fingerprint", "9F2C0D4E1A7B3C55"));
        assertTrue(s.fingerprint().matches("[0-9a-f]{16}"), s.fingerprint());
        assertNotEquals("9F2C0D4E1A7B3C55", s.fingerprint());
    }
}
