package io.memdiag.core.collect;

import com.sun.management.HotSpotDiagnosticMXBean;
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
 */
public final class JvmFactsReader {

    /** The memory-related flags the analysis may mention. */
    static final List<String> FLAGS = List.of(
            "InitialHeapSize", "MaxHeapSize", "G1PeriodicGCInterval", "G1PeriodicGCSystemLoadThreshold",
            "MinHeapFreeRatio", "MaxHeapFreeRatio", "SoftMaxHeapSize", "ZUncommitDelay", "ZUncommit",
            "ShenandoahUncommitDelay", "TrimNativeHeapInterval", "MaxDirectMemorySize", "UseContainerSupport",
            "MaxRAMPercentage", "AlwaysPreTouch", "NativeMemoryTracking", "ThreadStackSize", "UseG1GC",
            "UseParallelGC", "UseSerialGC", "UseZGC", "UseShenandoahGC");

    /** Pseudo-flag: how InitialHeapSize was set (VM_CREATION = on the command line, ERGONOMIC, DEFAULT ...). */
    public static final String INITIAL_HEAP_ORIGIN = JvmFacts.INITIAL_HEAP_ORIGIN;

    private JvmFactsReader() {
    }

    public static JvmFacts read(Path root) {
        Map<String, String> flags = new LinkedHashMap<>();
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            for (String flag : FLAGS) {
                try {
                    com.sun.management.VMOption option = hotspot.getVMOption(flag);
                    flags.put(flag, option.getValue());
                    if (flag.equals("InitialHeapSize")) {
                        // -Xms given, or chosen by ergonomics (1/64 of RAM, capped at -Xmx): advice differs
                        flags.put(INITIAL_HEAP_ORIGIN, option.getOrigin().name());
                    }
                } catch (IllegalArgumentException absent) {
                    // this JVM does not have the flag: leave it out
                }
            }
        } catch (RuntimeException notHotSpot) {
            // another VM: no flags known, advice stays generic
        }
        List<String> gcNames = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcNames.add(gc.getName());
        }
        return new JvmFacts(Runtime.version().feature(), System.getProperty("java.version"), collector(gcNames),
                List.copyOf(gcNames), number(flags.get("InitialHeapSize")), number(flags.get("MaxHeapSize")),
                Map.copyOf(flags), System.getenv("MALLOC_ARENA_MAX"), Files.isReadable(root.resolve("proc/self/status")));
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
