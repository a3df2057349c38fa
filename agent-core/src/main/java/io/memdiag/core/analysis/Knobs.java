package io.memdiag.core.analysis;

import io.memdiag.core.model.Units;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings that give retained memory back, each named only when the running JVM has it:
 * flags are read from the JVM itself ({@link JvmFacts#hasFlag}), so a build without a
 * backport is never told to use it.
 */
final class Knobs {

    /** Outside-heap memory this large, and this share of RSS, earns native advice. */
    static final long NATIVE_ADVICE_MIN_BYTES = 128L * 1024 * 1024;

    private Knobs() {
    }

    static List<String> giveBack(JvmFacts jvm, RetainedDetector.Pattern pattern, boolean pinned,
                                 long committed, long live, long rss, long outside) {
        List<String> advice = new ArrayList<>();
        String suggestedXms = Units.bytes(Math.max(64L * 1024 * 1024, roundUpToMb(live * 3)));
        if (pinned) {
            String xms = "-Xms" + mb(Math.max(64L * 1024 * 1024, roundUpToMb(live * 3))) + "m";
            advice.add(jvm.initialHeapFromCommandLine()
                    ? "-Xms equals -Xmx (" + Units.bytes(jvm.maxHeap()) + "): the heap can never shrink. Lower -Xms (for example "
                            + xms + ", about 3x live) so the JVM may give free heap back."
                    : "The initial heap equals the maximum (" + Units.bytes(jvm.maxHeap()) + ": the JVM's default of 1/64 of RAM, capped at -Xmx),"
                            + " so the heap can never shrink. Set a smaller -Xms (for example " + xms + ", about 3x live) so the JVM may give free heap back.");
        } else if (jvm.initialHeap() > 0 && committed <= jvm.initialHeap() * 11 / 10) {
            advice.add("The heap is still at its initial size (-Xms / InitialHeapSize " + Units.bytes(jvm.initialHeap())
                    + "), below which it never shrinks; a smaller -Xms (e.g. " + suggestedXms + ") lets it stay small.");
        }
        // Every shrinking knob stops at the initial heap: with it pinned, they only help once -Xms is lowered.
        String floorNote = pinned ? " Only after -Xms is lowered: no collector shrinks the heap below it." : "";
        switch (jvm.collector()) {
            case G1:
                if (jvm.hasFlag("G1PeriodicGCInterval")) {
                    advice.add("G1 only returns free heap after a GC that finds it idle: -XX:G1PeriodicGCInterval=60000 runs one every minute when the JVM is idle"
                            + " (current " + jvm.flag("G1PeriodicGCInterval") + "; manageable, so `jcmd <pid> VM.set_flag G1PeriodicGCInterval 60000` works without a restart)."
                            + floorNote);
                }
                ratios(jvm, advice, floorNote);
                break;
            case PARALLEL:
            case SERIAL:
                ratios(jvm, advice, floorNote);
                break;
            case ZGC:
                if (jvm.hasFlag("SoftMaxHeapSize")) {
                    advice.add("ZGC: -XX:SoftMaxHeapSize=<size> keeps the heap below a soft limit and uncommits above it (manageable: `jcmd <pid> VM.set_flag SoftMaxHeapSize <bytes>`).");
                }
                if (jvm.hasFlag("ZUncommitDelay")) {
                    advice.add("ZGC uncommits memory unused for -XX:ZUncommitDelay seconds (current " + jvm.flag("ZUncommitDelay")
                            + "); a shorter delay gives it back sooner, and it never goes below -Xms.");
                }
                break;
            case SHENANDOAH:
                if (jvm.hasFlag("ShenandoahUncommitDelay")) {
                    advice.add("Shenandoah uncommits regions unused for -XX:ShenandoahUncommitDelay ms (current " + jvm.flag("ShenandoahUncommitDelay")
                            + "); a shorter delay gives memory back sooner.");
                }
                break;
            default:
                break;
        }
        if (pattern == RetainedDetector.Pattern.YOUNG_GEN_CYCLING) {
            advice.add("The free heap is being used as young generation between GCs, which is how a generational collector trades memory for throughput;"
                    + " a smaller -Xmx bounds it if the memory matters more than GC frequency.");
        }
        boolean nativeLarge = outside >= NATIVE_ADVICE_MIN_BYTES && rss > 0 && outside * 2 >= rss;
        if (nativeLarge && jvm.linux()) {
            if (jvm.hasFlag("TrimNativeHeapInterval")) {
                advice.add("Outside the heap, glibc may keep freed native memory: `jcmd <pid> System.trim_native_heap` returns it once,"
                        + " -XX:TrimNativeHeapInterval=60000 every minute (this JVM has the flag; current " + jvm.flag("TrimNativeHeapInterval") + ").");
            }
            advice.add("MALLOC_ARENA_MAX=2 in the environment limits glibc's per-thread arenas, a common source of retained native memory"
                    + (jvm.mallocArenaMax() == null ? " (not set now)." : " (currently " + jvm.mallocArenaMax() + ")."));
        }
        advice.add("This is not a leak: live data is small and stable. Act only if the memory is needed elsewhere (a container limit, a crowded host).");
        return advice;
    }

    private static void ratios(JvmFacts jvm, List<String> advice, String floorNote) {
        if (jvm.hasFlag("MaxHeapFreeRatio") && jvm.hasFlag("MinHeapFreeRatio")) {
            advice.add("-XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10 (now " + jvm.flag("MaxHeapFreeRatio") + " and "
                    + jvm.flag("MinHeapFreeRatio") + ") make the heap shrink after a GC that leaves more than 30% free; both are manageable at run time."
                    + floorNote);
        }
    }

    private static long roundUpToMb(long bytes) {
        long mb = 1024 * 1024;
        return (bytes + mb - 1) / mb * mb;
    }

    private static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }
}
