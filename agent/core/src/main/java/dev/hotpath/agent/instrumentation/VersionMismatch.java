package dev.hotpath.agent.instrumentation;

import dev.hotpath.agent.AgentLog;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

import java.security.ProtectionDomain;

/**
 * Applied to a library's anchor type when it lacks the method shape an instrumentation's advice was
 * written for (another major version): changes nothing and says so once, so the library runs
 * uninstrumented instead of failing silently on every call.
 */
public final class VersionMismatch implements AgentBuilder.Transformer {
    private final String instrumentation;
    private final String expected;

    public VersionMismatch(String instrumentation, String expected) {
        this.instrumentation = instrumentation;
        this.expected = expected;
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
                                            JavaModule module, ProtectionDomain protectionDomain) {
        AgentLog.warnRateLimited("version:" + instrumentation,
                instrumentation + " not instrumented: " + type.getName() + " has no " + expected + " (unsupported version)");
        return builder;
    }
}
