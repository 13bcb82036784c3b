package dev.hotpath.sql;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded, thread-safe cache from raw SQL text to its {@link SanitizedSql}.
 *
 * <p>A hit is one {@link ConcurrentHashMap#get} plus a {@link LongAdder} increment: no lock, no allocation.
 * A miss sanitizes the statement outside any lock, then inserts it under a lock that only misses take. When
 * the cache is full (by entries, or by the characters it holds) it is cleared before the insert: a workload
 * that changed, or one that inlines literals into its SQL, then costs one refill instead of leaving the cache
 * stuck with stale entries. Every cleared entry counts as an eviction.
 *
 * <p>Statements longer than {@code maxSqlLength} are sanitized on every call and never held, so a few huge
 * generated statements cannot pin megabytes inside the application's heap.
 */
public final class SqlCache {

    /** Longest raw statement kept by {@link #SqlCache(int)}. */
    public static final int DEFAULT_MAX_SQL_LENGTH = 16 * 1024;

    private final ConcurrentHashMap<String, SanitizedSql> map;
    private final int capacity;
    private final int maxSqlLength;
    private final long charBudget;
    private final Object insertLock = new Object();
    private long charsHeld; // guarded by insertLock
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    /**
     * @param capacity the most statements held at once (e.g. 2048)
     */
    public SqlCache(int capacity) {
        this(capacity, DEFAULT_MAX_SQL_LENGTH);
    }

    /**
     * @param capacity     the most statements held at once
     * @param maxSqlLength raw statements longer than this are not held
     */
    public SqlCache(int capacity, int maxSqlLength) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        if (maxSqlLength < 0) {
            throw new IllegalArgumentException("maxSqlLength must not be negative: " + maxSqlLength);
        }
        this.capacity = capacity;
        this.maxSqlLength = maxSqlLength;
        // about 1 KiB of raw + sanitized text per entry on average, and always room for the largest entry
        this.charBudget = Math.max(capacity * 1024L,
                2L * ((long) maxSqlLength + SqlSanitizer.MAX_TEXT_LENGTH + 3));
        this.map = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    }

    /** The sanitized form of {@code rawSql}; never throws, null gives the empty result. */
    public SanitizedSql get(String rawSql) {
        if (rawSql == null) {
            misses.increment();
            return SqlSanitizer.sanitize(null);
        }
        SanitizedSql cached = map.get(rawSql);
        if (cached != null) {
            hits.increment();
            return cached;
        }
        misses.increment();
        SanitizedSql fresh = SqlSanitizer.sanitize(rawSql);
        if (rawSql.length() > maxSqlLength) {
            return fresh;
        }
        long cost = (long) rawSql.length() + fresh.text().length();
        synchronized (insertLock) {
            SanitizedSql raced = map.get(rawSql);
            if (raced != null) {
                return raced; // another thread inserted it meanwhile: hand out the one instance
            }
            int size = map.size();
            if (size >= capacity || charsHeld + cost > charBudget) {
                map.clear();
                charsHeld = 0;
                evictions.add(size);
            }
            map.put(rawSql, fresh);
            charsHeld += cost;
        }
        return fresh;
    }

    /** Calls answered from the cache. */
    public long hits() {
        return hits.sum();
    }

    /** Calls that had to sanitize. */
    public long misses() {
        return misses.sum();
    }

    /** Entries dropped because the cache was full. */
    public long evictions() {
        return evictions.sum();
    }

    /** Statements held now. */
    public int size() {
        return map.size();
    }

    /** The most statements held at once. */
    public int capacity() {
        return capacity;
    }
}
