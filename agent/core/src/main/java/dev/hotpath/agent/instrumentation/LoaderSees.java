package dev.hotpath.agent.instrumentation;

import net.bytebuddy.matcher.ElementMatcher;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Matches class loaders that can see a given API class (e.g. the Servlet API), answered once per
 * loader: a class whose loader cannot see the API can never implement it, so its hierarchy is not
 * walked at all. Loaders are held weakly.
 */
public final class LoaderSees extends ElementMatcher.Junction.AbstractBase<ClassLoader> {
    private final String resource;
    private final Map<ClassLoader, Boolean> answers = Collections.synchronizedMap(new WeakHashMap<>());

    private LoaderSees(String className) {
        this.resource = className.replace('.', '/') + ".class";
    }

    public static LoaderSees type(String className) {
        return new LoaderSees(className);
    }

    @Override
    public boolean matches(ClassLoader loader) {
        if (loader == null) {
            return ClassLoader.getSystemClassLoader().getParent().getResource(resource) != null;
        }
        Boolean known = answers.get(loader);
        if (known == null) {
            known = loader.getResource(resource) != null;
            answers.put(loader, known);
        }
        return known;
    }
}
