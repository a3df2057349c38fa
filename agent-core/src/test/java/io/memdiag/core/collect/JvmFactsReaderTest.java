package io.memdiag.core.collect;

import io.memdiag.core.analysis.JvmFacts;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmFactsReaderTest {

    /** Product or manageable flags in every JDK 17 and 25 build: getVMOption must return them. */
    private static final List<String> IN_EVERY_17_AND_25 = List.of("InitialHeapSize", "MaxHeapSize",
            "G1PeriodicGCInterval", "G1PeriodicGCSystemLoadThreshold", "MinHeapFreeRatio", "MaxHeapFreeRatio",
            "SoftMaxHeapSize", "ZUncommitDelay", "ZUncommit", "MaxDirectMemorySize", "UseContainerSupport",
            "MaxRAMPercentage", "AlwaysPreTouch", "NativeMemoryTracking", "ThreadStackSize");

    private final JvmFacts facts = JvmFactsReader.read(Path.of("/"));

    @Test
    void versionAndHeapSizesOfTheRunningJvm() {
        assertEquals(Runtime.version().feature(), facts.featureVersion());
        assertEquals(System.getProperty("java.version"), facts.javaVersion());
        assertTrue(facts.maxHeap() >= Runtime.getRuntime().maxMemory(), "MaxHeapSize is -Xmx: " + facts.maxHeap());
        assertTrue(facts.initialHeap() > 0 && facts.initialHeap() <= facts.maxHeap(), String.valueOf(facts.initialHeap()));
        assertTrue(facts.vmFlags().containsKey(JvmFacts.INITIAL_HEAP_ORIGIN));
        assertEquals(System.getenv("MALLOC_ARENA_MAX"), facts.mallocArenaMax());
        assertEquals(Files.isReadable(Path.of("/proc/self/status")), facts.linux());
    }

    @Test
    void flagsThisJvmHasArePresentWithTheirValues() {
        for (String flag : IN_EVERY_17_AND_25) {
            assertTrue(facts.hasFlag(flag), flag + " missing from " + facts.vmFlags());
        }
        assertEquals(String.valueOf(facts.maxHeap()), facts.flag("MaxHeapSize"));
        assertFalse(facts.hasFlag("NoSuchFlagInAnyJvm"));
    }

    @Test
    void experimentalFlagsAreAbsentUnlessUnlocked() {
        boolean unlocked = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.equals("-XX:+UnlockExperimentalVMOptions"));
        assertEquals(unlocked, facts.hasFlag("ShenandoahUncommitDelay"),
                "ShenandoahUncommitDelay is experimental in 17 and 25: " + facts.vmFlags());
    }

    @Test
    void theCollectorAgreesWithTheUseFlag() {
        Map<JvmFacts.Collector, String> useFlag = Map.of(JvmFacts.Collector.G1, "UseG1GC",
                JvmFacts.Collector.PARALLEL, "UseParallelGC", JvmFacts.Collector.SERIAL, "UseSerialGC",
                JvmFacts.Collector.ZGC, "UseZGC", JvmFacts.Collector.SHENANDOAH, "UseShenandoahGC");
        assertFalse(facts.gcNames().isEmpty());
        assertTrue(facts.collector() != JvmFacts.Collector.UNKNOWN, facts.gcNames().toString());
        assertEquals("true", facts.flag(useFlag.get(facts.collector())), facts.collector() + " " + facts.vmFlags());
        assertEquals(1, useFlag.values().stream().filter(f -> Objects.equals("true", facts.flag(f))).count());
    }

    @Test
    void linuxIsWhetherProcCanBeRead() {
        assertTrue(JvmFactsReader.read(Fixtures.root("v2-limited")).linux());
        assertFalse(JvmFactsReader.read(Fixtures.root("not-linux")).linux());
    }

    @Test
    void collectorFromBeanNamesOf17And25() {
        assertEquals(JvmFacts.Collector.G1, JvmFactsReader.collector(List.of("G1 Young Generation", "G1 Old Generation")));
        assertEquals(JvmFacts.Collector.G1,
                JvmFactsReader.collector(List.of("G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation")));
        assertEquals(JvmFacts.Collector.PARALLEL, JvmFactsReader.collector(List.of("PS Scavenge", "PS MarkSweep")));
        assertEquals(JvmFacts.Collector.SERIAL, JvmFactsReader.collector(List.of("Copy", "MarkSweepCompact")));
        assertEquals(JvmFacts.Collector.ZGC, JvmFactsReader.collector(List.of("ZGC Cycles", "ZGC Pauses")));
        assertEquals(JvmFacts.Collector.ZGC, JvmFactsReader.collector(List.of("ZGC Minor Cycles", "ZGC Minor Pauses",
                "ZGC Major Cycles", "ZGC Major Pauses")));
        assertEquals(JvmFacts.Collector.SHENANDOAH, JvmFactsReader.collector(List.of("Shenandoah Pauses", "Shenandoah Cycles")));
        assertEquals(JvmFacts.Collector.UNKNOWN, JvmFactsReader.collector(List.of()), "Epsilon has no collector beans");
    }
}
