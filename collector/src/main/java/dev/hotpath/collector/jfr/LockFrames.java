package dev.hotpath.collector.jfr;

import dev.hotpath.code.ApplicationFrames;
import java.util.List;

/** Reading lock waits from stacks: is a park a lock acquisition, which lock, which application frame. */
public final class LockFrames {
    private static final String AQS = "java.util.concurrent.locks.AbstractQueuedSynchronizer";
    private static final String AQLS = "java.util.concurrent.locks.AbstractQueuedLongSynchronizer";
    private static final String STAMPED = "java.util.concurrent.locks.StampedLock";

    private LockFrames() {
    }

    /** A park inside AQS/StampedLock acquire (lock(), acquire permits), not inside a condition's await or a latch. */
    static boolean isLockAcquisition(List<Frame> frames) {
        boolean acquire = false;
        for (Frame f : frames) {
            String c = f.className();
            if (c.contains("$ConditionObject") || c.endsWith("$ConditionNode") || c.startsWith("java.util.concurrent.CountDownLatch")) {
                return false; // waiting for a signal or a count, not for a lock
            }
            if ((c.equals(AQS) || c.equals(AQLS) || c.equals(STAMPED)) && f.method().startsWith("acquire")) {
                acquire = true;
            }
        }
        return acquire;
    }

    /**
     * The lock a user would name: {@code ReentrantLock} for {@code ReentrantLock$NonfairSync}; for other
     * synchronizers, the first non-AQS class on the stack that called into them.
     */
    static String lockClassOfSync(String parkedClass, List<Frame> frames) {
        if (parkedClass != null) {
            int dollar = parkedClass.indexOf('$');
            return dollar > 0 ? parkedClass.substring(0, dollar) : parkedClass;
        }
        for (Frame f : frames) {
            if (!f.className().startsWith("java.util.concurrent.locks.") && !f.className().equals("jdk.internal.misc.Unsafe")) {
                return f.className();
            }
        }
        return null;
    }

    /** The first application frame from the top, or null when the whole stack is JDK/framework code. */
    public static Frame firstApplicationFrame(List<Frame> frames) {
        for (Frame f : frames) {
            if (ApplicationFrames.isApplication(f.className())) {
                return f;
            }
        }
        return null;
    }
}
