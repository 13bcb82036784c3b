package dev.hotpath.examples.e2e;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a forked JVM holds, read from outside with its own {@code jcmd}: heap used right after a full GC (what is
 * retained, not garbage) and the number of live threads whose name starts with a prefix.
 */
record JvmProbe(long heapUsedAfterGcBytes, int threadsWithPrefix) {
    /** JDK 17: "total 262144K, used 23456K"; JDK 25: "total reserved ..K, committed ..K, used 11176K". */
    private static final Pattern USED = Pattern.compile("heap\\s+total [^\\n]*?used (\\d+)K");

    static JvmProbe of(Path java, long pid, String threadPrefix) throws Exception {
        jcmd(java, pid, "GC.run");
        Matcher m = USED.matcher(jcmd(java, pid, "GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("no heap figure from jcmd GC.heap_info");
        }
        long used = Long.parseLong(m.group(1)) * 1024;
        int threads = (int) jcmd(java, pid, "Thread.print").lines().filter(l -> l.startsWith("\"" + threadPrefix)).count();
        return new JvmProbe(used, threads);
    }

    static String jcmd(Path java, long pid, String command) throws Exception {
        Path jcmd = java.getParent().resolve("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}
