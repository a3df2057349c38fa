package io.memdiag.core.analysis;

import java.util.List;
import java.util.Map;

/**
 * What the analysis needs to know about the running JVM to give advice that applies to it.
 *
 * @param featureVersion  Runtime.version().feature(), e.g. 17 or 25
 * @param javaVersion     full java.version string
 * @param collector       the garbage collector in use
 * @param gcNames         names of the GarbageCollectorMXBeans
 * @param initialHeap     InitialHeapSize (-Xms) in bytes, or -1
 * @param maxHeap         MaxHeapSize (-Xmx) in bytes, or -1
 * @param vmFlags         values of the memory-related VM flags this JVM has, by flag name
 *                        (a flag missing from the map does not exist in this JVM)
 * @param mallocArenaMax  the MALLOC_ARENA_MAX environment variable, or null when unset
 * @param linux           whether /proc could be read
 */
public record JvmFacts(
        int featureVersion,
        String javaVersion,
        Collector collector,
        List<String> gcNames,
        long initialHeap,
        long maxHeap,
        Map<String, String> vmFlags,
        String mallocArenaMax,
        boolean linux) {

    /** Key in {@link #vmFlags} telling how InitialHeapSize was set: "VM_CREATION" when -Xms was given. */
    public static final String INITIAL_HEAP_ORIGIN = "InitialHeapSize.origin";

    /** Whether -Xms (or -XX:InitialHeapSize) was given rather than chosen by the JVM. */
    public boolean initialHeapFromCommandLine() {
        return "VM_CREATION".equals(vmFlags.get(INITIAL_HEAP_ORIGIN));
    }

    /** Garbage collectors the advice distinguishes. */
    public enum Collector { G1, PARALLEL, SERIAL, ZGC, SHENANDOAH, UNKNOWN }

    public boolean hasFlag(String name) {
        return vmFlags.containsKey(name);
    }

    public String flag(String name) {
        return vmFlags.get(name);
    }

    /** A numeric flag's value, or {@code fallback} where this JVM lacks the flag or its value is not a number. */
    public long longFlag(String name, long fallback) {
        String value = vmFlags.get(name);
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
