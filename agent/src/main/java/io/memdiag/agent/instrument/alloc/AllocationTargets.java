package io.memdiag.agent.instrument.alloc;

import java.util.List;

/**
 * Which classes get allocation hooks: application classes from any class loader (custom and
 * in-memory ones included), narrowed by {@code alloc.include} and {@code alloc.exclude}. Never
 * the JDK (classes of the bootstrap and platform loaders, or in JDK packages) and never the
 * agent (its packages, Byte Buddy, and whatever its isolated loader holds: SLF4J, Logback).
 */
public final class AllocationTargets {

    private static final String[] JDK_PACKAGES = {"java/", "javax/", "jdk/", "sun/", "com/sun/"};

    private static final String[] AGENT_PACKAGES = {"io/memdiag/agent/", "io/memdiag/core/", "io/memdiag/bootstrap/", "net/bytebuddy/"};

    private static final String AGENT_LOADER = "io.memdiag.agent.launcher.AgentClassLoader";

    private final String[] include;
    private final String[] exclude;
    private final ClassLoader platform = ClassLoader.getPlatformClassLoader();
    private final ClassLoader agent = AllocationTargets.class.getClassLoader();

    /** @param include package or class prefixes, dotted; empty for every application class */
    public AllocationTargets(List<String> include, List<String> exclude) {
        this.include = internal(include);
        this.exclude = internal(exclude);
    }

    private static String[] internal(List<String> prefixes) {
        String[] result = new String[prefixes.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = prefixes.get(i).replace('.', '/');
        }
        return result;
    }

    /** @param internalName the class's name with slashes, as a transformer receives it */
    public boolean accepts(String internalName, ClassLoader loader) {
        if (internalName == null || loader == null || loader == platform || loader == agent || isAgentClass(internalName, loader)) {
            return false;
        }
        for (String prefix : JDK_PACKAGES) {
            if (internalName.startsWith(prefix)) {
                return false;
            }
        }
        for (String prefix : exclude) {
            if (internalName.startsWith(prefix)) {
                return false;
            }
        }
        if (include.length == 0) {
            return true;
        }
        for (String prefix : include) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Any memdiag loader, not only this one's: after {@code stop} and a new {@code attach}, the
     * earlier agent's classes (Logback, SLF4J) stay loaded until a GC unloads them, and the
     * {@code report} and {@code stop} commands each load the agent briefly as well.
     */
    private static boolean isAgentLoader(ClassLoader loader) {
        return AGENT_LOADER.equals(loader.getClass().getName());
    }

    /** The agent's own classes: its packages, Byte Buddy, and whatever a memdiag loader holds. */
    public static boolean isAgentClass(String internalName, ClassLoader loader) {
        if (loader != null && isAgentLoader(loader)) {
            return true;
        }
        for (String prefix : AGENT_PACKAGES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    public boolean accepts(Class<?> type) {
        return accepts(type.getName().replace('.', '/'), type.getClassLoader());
    }
}
