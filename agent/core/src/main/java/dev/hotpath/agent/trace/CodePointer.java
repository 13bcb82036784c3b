package dev.hotpath.agent.trace;

import dev.hotpath.code.ApplicationFrames;

import java.util.Optional;

/**
 * The first application frame on the current stack (class, method, file, line). Taken once per
 * repeated statement shape per request, never on every call: a stack walk costs microseconds.
 */
public record CodePointer(String function, String file, int line) {
    private static final StackWalker WALKER = StackWalker.getInstance();

    public static CodePointer capture() {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(frames ->
                frames.filter(f -> isApplication(f.getClassName())).findFirst());
        return frame.map(f -> new CodePointer(f.getClassName() + "." + f.getMethodName(),
                f.getFileName(), f.getLineNumber())).orElse(null);
    }

    static boolean isApplication(String className) {
        return ApplicationFrames.isApplication(className);
    }
}
