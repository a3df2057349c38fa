package io.memdiag.core.collect;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import io.memdiag.core.analysis.JvmFacts;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Facts about the running JVM that decide which advice applies. Flags are asked of the JVM
 * itself ({@code HotSpotDiagnosticMXBean#getVMOption}), never assumed from the version: a
 * flag that this build does not have is simply absent, so advice never names a knob the
 * operator cannot turn (for example TrimNativeHeapInterval, backported to some 17.0.x builds
 * and not others).
 *
 * <p>getVMOption does not return locked flags: an experimental or diagnostic flag is absent
 * unless the JVM runs with -XX:+UnlockExperimentalVMOptions / -XX:+UnlockDiagnosticVMOptions,
 * which is also what setting it would take. On 17.0.15 (Debian) and 25.0.3 (Temurin) every flag of
 * {@link #FLAGS} is returned except ShenandoahUncommitDelay, experimental on both, even with
 * Shenandoah in use. G1PeriodicGCInterval, G1PeriodicGCSystemLoadThreshold, MinHeapFreeRatio,
 * MaxHeapFreeRatio and SoftMaxHeapSize are manageable (writable at run time); ZGC flags exist
 * whichever collector runs.
 *
 * <p>Never throws: a JVM without the HotSpot bean gives facts without flags.
 */
public final class JvmFactsReader {

    /** The memory-related flags the analysis may mention, and the UseXxxGC flags naming the collector. */
    static final List<String> FLAGS = List.of(
            "InitialHeapSize", "MaxHeapSize", "G1PeriodicGCInterval", "G1PeriodicGCSystemLoadThreshold",
            "MinHeapFreeRatio", "MaxHeapFreeRatio", "SoftMaxHeapSize", "ZUncommitDelay", "ZUncommit",
            "ShenandoahUncommitDelay", "TrimNativeHeapInterval", "MaxDirectMemorySize", "UseContainerSupport",
            "MaxRAMPercentage", "AlwaysPreTouch", "NativeMemoryTracking", "ThreadStackSize", "UseG1GC",
            "UseParallelGC", "UseSerialGC", "UseZGC", "UseShenandoahGC", "G1HeapWastePercent");

    /** Pseudo-flag: how InitialHeapSize was set (VM_CREATION = on the command line, ERGONOMIC, DEFAULT ...). */
    public static final String INITIAL_HEAP_ORIGIN = JvmFacts.INITIAL_HEAP_ORIGIN;

    private JvmFactsReader() {
    }

    /** @param root where /proc is found: "/" except in tests */
    public static JvmFacts read(Path root) {
        Map<String, String> flags = flags();
        List<String> gcNames = gcNames();
        return new JvmFacts(Runtime.version().feature(), System.getProperty("java.version"), collector(gcNames),
                gcNames, number(flags.get("InitialHeapSize")), number(flags.get("MaxHeapSize")),
                Map.copyOf(flags), mallocArenaMax(), readable(root.resolve("proc/self/status")));
    }

    private static Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            for (String flag : FLAGS) {
                try {
                    VMOption option = hotspot.getVMOption(flag);
                    flags.put(flag, option.getValue());
                    if (flag.equals("InitialHeapSize")) {
                        // -Xms given, or chosen by ergonomics (1/64 of RAM, capped at -Xmx): advice differs
                        flags.put(INITIAL_HEAP_ORIGIN, option.getOrigin().name());
                    }
                } catch (IllegalArgumentException absent) {
                    // this JVM does not have the flag, or keeps it locked: leave it out
                }
            }
        } catch (RuntimeException notHotSpot) {
            // another VM: no flags known, advice stays generic
        }
        return flags;
    }

    static List<String> gcNames() {
        List<String> names = new ArrayList<>();
        try {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                names.add(gc.getName());
            }
        } catch (RuntimeException e) {
            // no names: the collector stays UNKNOWN
        }
        return List.copyOf(names);
    }

    private static String mallocArenaMax() {
        try {
            return System.getenv("MALLOC_ARENA_MAX");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean readable(Path file) {
        try {
            return Files.isReadable(file);
        } catch (RuntimeException e) {
            return false;
        }
    }

    static JvmFacts.Collector collector(List<String> gcNames) {
        for (String n : gcNames) {
            if (n.startsWith("G1")) {
                return JvmFacts.Collector.G1;
            }
            if (n.startsWith("ZGC")) {
                return JvmFacts.Collector.ZGC;
            }
            if (n.startsWith("Shenandoah")) {
                return JvmFacts.Collector.SHENANDOAH;
            }
            if (n.startsWith("PS ")) {
                return JvmFacts.Collector.PARALLEL;
            }
            if (n.equals("Copy") || n.equals("MarkSweepCompact")) {
                return JvmFacts.Collector.SERIAL;
            }
        }
        return JvmFacts.Collector.UNKNOWN;
    }

    private static long number(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
