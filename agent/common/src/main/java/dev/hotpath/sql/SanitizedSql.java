package dev.hotpath.sql;

/**
 * The result of {@link SqlSanitizer#sanitize(String)}.
 *
 * @param text        the statement with every literal replaced by {@code ?}, IN lists and multi-row VALUES
 *                    collapsed, comments dropped and whitespace collapsed; capped at
 *                    {@link SqlSanitizer#MAX_TEXT_LENGTH} characters (then {@code ...} is appended)
 * @param fingerprint 16 lowercase hex digits: FNV-1a 64 over the UTF-8 bytes of the full (uncapped) text,
 *                    lower-cased outside double-quoted and backtick identifiers
 * @param operation   the first keyword upper-cased (SELECT, INSERT, UPDATE, ...) or {@code "OTHER"}
 * @param table       the main table when easy to find (FROM x, INTO x, UPDATE x), without identifier quotes;
 *                    else null
 */
public record SanitizedSql(String text, String fingerprint, String operation, String table) {
}
