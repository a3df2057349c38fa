package io.memdiag.agent.instrument.alloc;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * Which classes get allocation hooks: application classes from any class loader (custom and
 * in-memory ones included), narrowed by {@code alloc.include} and {@code alloc.exclude}. Never
 * the JDK (classes of the bootstrap and platform loaders, or in JDK packages) and never the
 * agent (its packages, Byte Buddy, and whatever its isolated loader holds: SLF4J, Logback).
 */
public final class AllocationTargets {

    private static final String[] NEVER = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "io.memdiag.agent.",
            "io.memdiag.core.", "io.memdiag.bootstrap.", "net.bytebuddy."};

    private final List<String> include;
    private final List<String> exclude;

    public AllocationTargets(List<String> include, List<String> exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    public ElementMatcher.Junction<TypeDescription> types() {
        ElementMatcher.Junction<TypeDescription> excluded = none();
        for (String prefix : NEVER) {
            excluded = excluded.or(nameStartsWith(prefix));
        }
        for (String prefix : exclude) {
            excluded = excluded.or(nameStartsWith(prefix));
        }
        ElementMatcher.Junction<TypeDescription> included = include.isEmpty() ? any() : none();
        for (String prefix : include) {
            included = included.or(nameStartsWith(prefix));
        }
        return included.and(not(excluded));
    }

    /** Loaders whose classes are application classes: not the JDK's, not the agent's. */
    public ElementMatcher.Junction<ClassLoader> loaders() {
        return not(isBootstrapClassLoader()).and(not(is(ClassLoader.getPlatformClassLoader())))
                .and(not(is(AllocationTargets.class.getClassLoader())));
    }
}
