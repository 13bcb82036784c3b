package dev.hotpath.agent.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;

/** One instrumentation target: which types and methods (matchers only) and which advice. */
public interface Instrumentation {

    /** Short name used in logs and the {@code instrument.<name>} switch. */
    String name();

    AgentBuilder extend(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice);
}
