package dev.hotpath.examples.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The watchdog's evidence: {@code jcmd <pid> Thread.print} from the JDK that runs the process. */
final class ThreadDump {
    private ThreadDump() {
    }

    static String of(Path java, long pid) {
        Path jcmd = java.resolveSibling("jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print", "-l").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "no thread dump (" + jcmd + "): " + e;
        }
    }
}
