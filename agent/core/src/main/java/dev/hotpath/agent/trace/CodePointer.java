package dev.hotpath.agent.trace;

import java.util.Optional;

/**
 * The first application frame on the current stack (class, method, file, line). Taken once per
 * repeated statement shape per request, never on every call: a stack walk costs microseconds.
 */
public record CodePointer(String function, String file, int line) {
    private static final String[] FRAMEWORK_PREFIXES = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.",
        "dev.hotpath.agent.", "dev.hotpath.bootstrap.", "dev.hotpath.shaded.", "dev.hotpath.sql.",
        "org.h2.", "com.zaxxer.hikari.", "org.eclipse.jetty.", "org.apache.catalina.", "org.apache.tomcat.",
        "org.apache.coyote.", "io.undertow.", "org.springframework.", "org.hibernate.", "org.postgresql.",
        "com.mysql.", "org.mariadb.", "oracle.jdbc.", "com.microsoft.sqlserver.", "org.jooq.", "org.mybatis.",
        "org.apache.ibatis.", "net.bytebuddy.", "com.p6spy.", "io.opentelemetry."
    };
    private static final StackWalker WALKER = StackWalker.getInstance();

    public static CodePointer capture() {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(frames ->
                frames.filter(f -> isApplication(f.getClassName())).findFirst());
        return frame.map(f -> new CodePointer(f.getClassName() + "." + f.getMethodName(),
                f.getFileName(), f.getLineNumber())).orElse(null);
    }

    static boolean isApplication(String className) {
        for (String prefix : FRAMEWORK_PREFIXES) {
            if (className.startsWith(prefix)) {
                return false;
            }
        }
        return !className.contains("$$"); // generated proxies
    }
}
