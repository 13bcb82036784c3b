package dev.hotpath.agent.safety;

import dev.hotpath.agent.AgentLog;
import dev.hotpath.bootstrap.HookDispatcher;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * TEST ONLY: {@code -Dhotpath.test.fault=<hooks>:<errors>} makes the dispatcher throw inside the named hooks,
 * to prove the application never notices. {@code <hooks>} is {@code *} or {@code +}-separated
 * {@link HookDispatcher} method names; {@code <errors>} is {@code +}-separated {@code RuntimeException},
 * {@code StackOverflowError}, {@code NoClassDefFoundError}. Each named hook throws on every other call (the 1st,
 * 3rd, ...), before the real dispatcher runs, so the hooks that follow a successful enter (exits, nested calls)
 * are reached too; with several errors a hook's k-th fault is the (k mod n)-th error, so one run covers them all.
 * Read once at start; unset (the default) nothing is wrapped and nothing costs anything.
 */
public final class FaultInjection {
    public static final String PROPERTY = "hotpath.test.fault";

    private FaultInjection() {
    }

    /** The dispatcher to install: {@code d} itself unless the test-only property asks for faults. */
    public static HookDispatcher fromSystemProperty(HookDispatcher d) {
        String spec = System.getProperty(PROPERTY);
        if (spec == null || spec.isBlank()) {
            return d;
        }
        HookDispatcher wrapped = wrap(d, spec.trim());
        if (wrapped == d) {
            AgentLog.info("bad value for " + PROPERTY + "='" + spec + "' (expected <hook+hook|*>:<error+error>, errors "
                    + "RuntimeException, StackOverflowError, NoClassDefFoundError); no faults injected");
        } else {
            AgentLog.info("TEST FAULT INJECTION active (" + PROPERTY + "=" + spec + "): hooks throw on every other call");
        }
        return wrapped;
    }

    /** {@code d} wrapped per {@code spec}, or {@code d} itself when the spec is not valid. */
    static HookDispatcher wrap(HookDispatcher d, String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0) {
            return d;
        }
        List<Supplier<Throwable>> errors = new ArrayList<>();
        for (String name : spec.substring(colon + 1).split("\\+")) {
            Supplier<Throwable> error = errorOf(name);
            if (error == null) {
                return d;
            }
            errors.add(error);
        }
        Set<String> hooks = hooksOf(spec.substring(0, colon));
        if (hooks == null) {
            return d;
        }
        return (HookDispatcher) Proxy.newProxyInstance(FaultInjection.class.getClassLoader(),
                new Class<?>[] {HookDispatcher.class}, new Faulty(d, hooks, errors));
    }

    private static Supplier<Throwable> errorOf(String name) {
        switch (name) {
            case "RuntimeException":
                return () -> new RuntimeException("injected by " + PROPERTY);
            case "StackOverflowError":
                return () -> new StackOverflowError("injected by " + PROPERTY);
            case "NoClassDefFoundError":
                return () -> new NoClassDefFoundError("injected/by/hotpath/test/fault");
            default:
                return null;
        }
    }

    private static Set<String> hooksOf(String list) {
        Set<String> known = new HashSet<>();
        for (Method m : HookDispatcher.class.getMethods()) {
            known.add(m.getName());
        }
        known.remove("hookFailed"); // the reporting path itself is not a hook
        if (list.equals("*")) {
            return known;
        }
        Set<String> out = new HashSet<>();
        for (String h : list.split("\\+")) {
            if (!known.contains(h)) {
                return null;
            }
            out.add(h);
        }
        return out;
    }

    private static final class Faulty implements InvocationHandler {
        private final HookDispatcher target;
        private final Set<String> hooks;
        private final List<Supplier<Throwable>> errors;
        private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

        Faulty(HookDispatcher target, Set<String> hooks, List<Supplier<Throwable>> errors) {
            this.target = target;
            this.hooks = hooks;
            this.errors = errors;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(target, args);
            }
            if (hooks.contains(name)) {
                long call = calls.computeIfAbsent(name, k -> new AtomicLong()).getAndIncrement();
                if (call % 2 == 0) {
                    throw errors.get((int) (call / 2 % errors.size())).get();
                }
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
