package dev.hotpath.agent.instrumentation.executor;

import dev.hotpath.agent.instrumentation.Instrumentation;
import dev.hotpath.bootstrap.HotpathHooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.MemberSubstitution;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Request context across the JDK's executors, tasks never wrapped (pools cast their tasks, and
 * subclasses see in beforeExecute/afterExecute exactly what was submitted): the context is captured
 * where a task enters an executor and restored around its run.
 *
 * <ul>
 *   <li>{@code ThreadPoolExecutor}: captured in {@code execute} (submit, invokeAll and invokeAny reach
 *       it with their FutureTask); restored by replacing the {@code task.run()} call inside
 *       {@code runWorker} with {@link HotpathHooks#runTask} (a member substitution). Advice on
 *       {@code beforeExecute} would miss subclasses overriding it without calling super, and advice on
 *       every {@code Runnable.run} would match half the class path.</li>
 *   <li>{@code ScheduledThreadPoolExecutor}: its tasks reach the queue through {@code delayedExecute}
 *       (after {@code decorateTask}, so the captured object is the one that runs) and run in
 *       {@code runWorker}; the delay is not counted as queue wait.</li>
 *   <li>{@code ForkJoinTask}: captured when constructed inside a request (FJP wraps Runnables in
 *       adapters; RecursiveTask), or handed to {@code ForkJoinPool.execute/submit/invoke}; restored in
 *       {@code doExec}, which every pool path and help/join runs through.</li>
 *   <li>CompletableFuture: its completions are ForkJoinTasks too, but most run synchronously in the
 *       thread completing the stage before, so they are captured only when they are async:
 *       {@code supplyAsync}/{@code runAsync} tasks when constructed, {@code *Async} stages when
 *       constructed with their executor (run later by whichever thread completes the stage before),
 *       or when handed to an executor; restored in doExec or, on other executors (thread per task
 *       on 1-2 CPUs with JDK 17, any Executor), in their {@code run}.</li>
 *   <li>Virtual threads (JDK 21+, matched by name): captured at {@code start}, restored in
 *       {@code VirtualThread.run(Runnable)}; this covers the virtual-thread-per-task executors.</li>
 * </ul>
 * Retransformation applies to later calls: worker loops already running when the agent attaches
 * keep the old {@code runWorker} until their thread ends.
 */
public final class ExecutorInstrumentation implements Instrumentation {
    public static final String THREAD_POOL = "java.util.concurrent.ThreadPoolExecutor";
    public static final String SCHEDULED_POOL = "java.util.concurrent.ScheduledThreadPoolExecutor";
    public static final String FORK_JOIN_TASK = "java.util.concurrent.ForkJoinTask";
    public static final String ASYNC_SUPPLY = "java.util.concurrent.CompletableFuture$AsyncSupply";
    public static final String ASYNC_RUN = "java.util.concurrent.CompletableFuture$AsyncRun";
    public static final String COMPLETION = "java.util.concurrent.CompletableFuture$Completion";
    public static final String UNI_COMPLETION = "java.util.concurrent.CompletableFuture$UniCompletion";
    /** CompletableFuture's async executor on JDK 17 when the common pool has parallelism 1 (1-2 CPUs). */
    public static final String CF_THREAD_PER_TASK = "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor";
    public static final String FORK_JOIN_POOL = "java.util.concurrent.ForkJoinPool";
    public static final String VIRTUAL_THREAD = "java.lang.VirtualThread";
    /** The boot classes this instrumentation transforms (exact names, for the agent's ignore rule). */
    public static final String[] JDK_TYPES = {THREAD_POOL, SCHEDULED_POOL, FORK_JOIN_TASK, ASYNC_SUPPLY, ASYNC_RUN,
        COMPLETION, UNI_COMPLETION, CF_THREAD_PER_TASK, FORK_JOIN_POOL, VIRTUAL_THREAD};

    @Override
    public String name() {
        return "executor";
    }

    @Override
    public AgentBuilder extend(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
        String prefix = ExecutorInstrumentation.class.getName();
        MemberSubstitution runTask;
        try {
            runTask = MemberSubstitution.relaxed()
                    .method(named("run").and(takesArguments(0)).and(isDeclaredBy(Runnable.class)))
                    .replaceWith(HotpathHooks.class.getMethod("runTask", Runnable.class));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e); // the bootstrap jar does not match the core
        }
        return builder
                .type(named(THREAD_POOL))
                .transform(advice
                        .advice(named("execute").and(takesArguments(Runnable.class)), prefix + "$SubmitAdvice")
                        .advice(named("runWorker").and(takesArguments(1)), prefix + "$WorkerStartAdvice")
                        .advice(named("reject").and(takesArguments(Runnable.class)), prefix + "$RejectAdvice"))
                .transform((b, type, loader, module, domain) -> b.visit(runTask.on(named("runWorker"))))
                .type(named(SCHEDULED_POOL))
                .transform(advice.advice(named("delayedExecute").and(takesArguments(1)), prefix + "$ScheduleAdvice"))
                .type(named(FORK_JOIN_TASK))
                .transform(advice
                        .advice(isConstructor(), prefix + "$ForkJoinTaskCreatedAdvice")
                        .advice(named("doExec").and(takesArguments(0)), prefix + "$ForkJoinExecAdvice"))
                .type(named(FORK_JOIN_POOL))
                .transform(advice.advice(namedOneOf("execute", "submit", "invoke").and(takesArguments(1)),
                        prefix + "$ForkJoinSubmitAdvice"))
                .type(named(UNI_COMPLETION))
                .transform(advice.advice(isConstructor(), prefix + "$AsyncCompletionCreatedAdvice"))
                .type(named(CF_THREAD_PER_TASK))
                .transform(advice.advice(named("execute").and(takesArguments(Runnable.class)), prefix + "$SubmitAdvice"))
                .type(named(ASYNC_SUPPLY).or(named(ASYNC_RUN)).or(named(COMPLETION)))
                .transform(advice.advice(named("run").and(takesArguments(0)), prefix + "$RunAdvice"))
                .type(named(VIRTUAL_THREAD))
                .transform(advice
                        .advice(named("start").and(takesArguments(1)), prefix + "$VirtualThreadStartAdvice")
                        .advice(named("run").and(takesArguments(1)).and(takesArgument(0, Runnable.class)),
                                prefix + "$RunAdvice"));
    }

    public static class SubmitAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Runnable task) {
            HotpathHooks.taskSubmitted(task, false);
        }
    }

    public static class ScheduleAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Object task) {
            HotpathHooks.taskSubmitted(task, true);
        }
    }

    public static class WorkerStartAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object executor) {
            HotpathHooks.workerStarted(executor);
        }
    }

    public static class RejectAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object executor) {
            HotpathHooks.taskRejected(executor);
        }
    }

    public static class ForkJoinTaskCreatedAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object task) {
            HotpathHooks.forkJoinTaskCreated(task);
        }
    }

    /** A ForkJoinTask handed to a pool (other arguments are wrapped in an adapter, captured when made). */
    public static class ForkJoinSubmitAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Object task) {
            if (task instanceof java.util.concurrent.ForkJoinTask) {
                HotpathHooks.taskSubmitted(task, false);
            }
        }
    }

    /** A CompletableFuture stage made with an executor: it will run there when the stage before completes. */
    public static class AsyncCompletionCreatedAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object completion, @Advice.Argument(0) Object executor) {
            if (executor != null) {
                HotpathHooks.taskSubmitted(completion, false);
            }
        }
    }

    public static class ForkJoinExecAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object task) {
            return HotpathHooks.taskStart(task);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.This Object task) {
            HotpathHooks.taskEndForkJoin(token, task);
        }
    }

    /** A task (or a virtual thread: the key is the thread) running its own body. */
    public static class RunAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object task) {
            return HotpathHooks.taskStart(task);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable error) {
            HotpathHooks.taskEnd(token, error);
        }
    }

    public static class VirtualThreadStartAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object thread) {
            HotpathHooks.taskSubmitted(thread, false);
        }
    }
}
