package io.memdiag.core.report;

import io.memdiag.core.analysis.JvmFacts;
import io.memdiag.core.analysis.Severity;
import io.memdiag.core.analysis.Verdict;
import io.memdiag.core.analysis.VerdictKind;
import io.memdiag.core.model.CgroupMemory;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class ReportFixtures {
    static final long MB = 1024 * 1024;

    private ReportFixtures() {
    }

    static Report report(int sequence) {
        JvmFacts jvm = new JvmFacts(17, "17.0.15", JvmFacts.Collector.G1, List.of("G1 Young Generation", "G1 Old Generation"),
                64 * MB, 256 * MB, Map.of("G1PeriodicGCInterval", "0"), null, true);
        MemorySample m = new MemorySample(1_763_800_000_000L, 12_345, 90 * MB, 128 * MB, 256 * MB, 60 * MB, 40 * MB,
                Map.of("Metaspace", 30 * MB), 2 * MB, 0, 14,
                new ProcessMemory(300 * MB, 250 * MB, 45 * MB, 5 * MB, 0, 320 * MB, 290 * MB), 42, 1024,
                new CgroupMemory(2, "/sys/fs/cgroup/app", 1024 * MB, 400 * MB, 0));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("growthBytesPerMin", 12.5 * MB);
        evidence.put("heapMax", 256 * MB);
        Verdict v = new Verdict(VerdictKind.HEAP_LEAK, Severity.WARNING, "Live heap after GC rose", evidence,
                List.of("take two class histograms"), List.of());
        return new Report(sequence, "interval", 4242, jvm, m, List.of(v),
                new Report.GcStats(17, 17, 0, List.of(
                        new io.memdiag.core.model.GcPoint(1000, "G1 Young Generation", "end of minor GC", "G1 Evacuation Pause",
                                3, 90 * MB, 60 * MB, 128 * MB, 50 * MB, true))), new EventStats(100, 3, 100, 65536, Map.of("THREAD_START", 100L)),
                new Report.AgentStats(50, 25_000_000L), null, null, List.of(), allocations(),
                List.of("a note"));
    }

    static io.memdiag.core.alloc.AllocationSnapshot allocations() {
        io.memdiag.core.alloc.AllocationSite site = new io.memdiag.core.alloc.AllocationSite(7, "com.example.Cache", "put",
                "Cache.java", 42, "byte[]");
        io.memdiag.core.alloc.AllocationSnapshot.SiteStats stats = new io.memdiag.core.alloc.AllocationSnapshot.SiteStats(site,
                900 * MB, 900_000, 1800, 40 * MB, 40_000, new long[][] {{1000, 2000}, {20 * MB, 40 * MB}},
                List.of(List.of("com.example.Cache.put(Cache.java:42)", "com.example.Service.handle(Service.java:10)")),
                List.of("http-nio-8080-exec-1"));
        return new io.memdiag.core.alloc.AllocationSnapshot(512 * 1024, 512 * 1024, 150, 1800, 0, 120, 0, 65536, 8192, 80, 0, 0, 0,
                List.of(stats), List.of(stats));
    }
}
