package dev.hotpath.code;

/**
 * Which stack frames belong to the application rather than to the JDK, the servers, drivers, pools and
 * frameworks it runs on (or to hotpath itself). One rule for the agent's code pointers and for the
 * collector's JFR stacks.
 */
public final class ApplicationFrames {
    private static final String[] FRAMEWORK_PREFIXES = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.",
        "dev.hotpath.agent.", "dev.hotpath.bootstrap.", "dev.hotpath.shaded.", "dev.hotpath.sql.", "dev.hotpath.http.",
        "dev.hotpath.code.",
        "org.h2.", "com.zaxxer.hikari.", "org.eclipse.jetty.", "org.apache.catalina.", "org.apache.tomcat.",
        "org.apache.coyote.", "io.undertow.", "org.springframework.", "org.hibernate.", "org.postgresql.",
        "com.mysql.", "org.mariadb.", "oracle.jdbc.", "com.microsoft.sqlserver.", "org.jooq.", "org.mybatis.",
        "org.apache.ibatis.", "net.bytebuddy.", "com.p6spy.", "io.opentelemetry."
    };

    private ApplicationFrames() {
    }

    /** True for application classes: not under a framework prefix, not a generated proxy. */
    public static boolean isApplication(String className) {
        if (className == null) {
            return false;
        }
        for (String prefix : FRAMEWORK_PREFIXES) {
            if (className.startsWith(prefix)) {
                return false;
            }
        }
        return !className.contains("$$");
    }
}
