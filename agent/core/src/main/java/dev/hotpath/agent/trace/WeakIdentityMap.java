package dev.hotpath.agent.trace;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-object state for application objects (statements, connections) without holding them: keys by
 * identity, weakly; bounded, and what does not fit is counted rather than stored.
 */
public final class WeakIdentityMap<V> {
    private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>(); // Key entries, Lookup probes
    private final ReferenceQueue<Object> cleared = new ReferenceQueue<>();
    private final int capacity;
    private final LongAdder rejected = new LongAdder();

    public WeakIdentityMap(int capacity) {
        this.capacity = capacity;
    }

    public V get(Object key) {
        return map.get(new Lookup(key)); // a plain object, not a Reference: lookups leave the GC nothing to process
    }

    /** Returns false when the map is full and the key was not already in it (the value is not stored). */
    public boolean put(Object key, V value) {
        purge();
        if (map.size() >= capacity) {
            // full: an entry already present may still change (e.g. a call marked ended), nothing new is added
            if (map.replace(new Lookup(key), value) == null) {
                rejected.increment();
                return false;
            }
            return true;
        }
        map.put(new Key(key, cleared), value);
        return true;
    }

    /** Removes and returns the value for this key, or null. */
    public V remove(Object key) {
        return map.remove(new Lookup(key));
    }

    /** True when nothing is stored (entries of collected keys not yet purged count): no lookup, no hashing. */
    public boolean isEmpty() {
        return map.isEmpty();
    }

    public int size() {
        purge();
        return map.size();
    }

    public long rejected() {
        return rejected.sum();
    }

    private void purge() {
        Object ref;
        while ((ref = cleared.poll()) != null) {
            map.remove(ref);
        }
    }

    /** Probe for {@link ConcurrentHashMap#get}, which calls the probe's equals with the stored key. */
    private static final class Lookup {
        private final Object referent;

        Lookup(Object referent) {
            this.referent = referent;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(referent);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).get() == referent;
        }
    }

    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Key)) {
                return false;
            }
            Object mine = get();
            return mine != null && mine == ((Key) o).get();
        }
    }
}
