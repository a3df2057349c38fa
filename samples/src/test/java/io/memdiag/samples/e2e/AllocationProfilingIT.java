package io.memdiag.samples.e2e;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.memdiag.samples.e2e.ChildJvm.dir;
import static io.memdiag.samples.e2e.ChildJvm.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Allocation profiling end to end: accuracy against JFR, and every kind of allocation site. */
class AllocationProfilingIT {

    /** Largest difference allowed between memdiag's and JFR's share of a site, in percentage points. */
    static final double SHARE_TOLERANCE_POINTS = 7.0;
    private static final String SAMPLE = "io.memdiag.samples.AllocHeavy";

    /**
     * JFR is the oracle: the same run records jdk.ObjectAllocationSample (default settings, 150
     * samples/s) while memdiag samples at its defaults. Both must find the same five sites on
     * top, the same one first, and each site's share of their bytes must agree within
     * {@link #SHARE_TOLERANCE_POINTS}.
     *
     * <p>JFR's share of a site is its share of JFR's samples: JFR samples at TLAB refills, so a
     * sample lands on an allocation in proportion to its bytes. Its {@code weight} field (bytes
     * since the thread's previous emitted sample) is heavy-tailed under the throttle: on this
     * workload summed weights put a 12 % site anywhere between 3 % and 47 % from run to run,
     * while sample counts stayed within 2 points of the known shares. The run is 10 s: with
     * about 1,500 samples from JFR and 2,200 from memdiag (JDK 25) the standard error of the
     * difference of two shares is under 1.7 points and the tolerance is four of them. At 6 s
     * (~900 a side, 2.1 points) a 7.9-point difference was recorded once on JDK 25 (longs:
     * memdiag 34.4 %, JFR 26.6 %, the truth about 29 %).
     */
    @Test
    void topSitesAgreeWithJfr() throws Exception {
        Path jfr = dir("alloc-jfr").resolve("recording.jfr");
        ChildJvm.Run run = ChildJvm.run("alloc-jfr", "report.dir=" + dir("alloc-jfr") + ",sample.interval=200ms,report.interval=30s,alloc=on",
                List.of("-Xmx256m", "-XX:StartFlightRecording=settings=default,filename=" + jfr), List.of(), SAMPLE, "10");
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Double> memdiag = shares(memdiagBytes(run.lastReport()));
        Map<String, Double> oracle = shares(jfrBytes(jfr));
        String both = "memdiag " + memdiag + "\nJFR     " + oracle;
        assertEquals(5, oracle.size(), "JFR saw the five sites: " + both);
        assertEquals(oracle.keySet(), memdiag.keySet(), "the same five sites: " + both);
        for (String method : oracle.keySet()) {
            double difference = Math.abs(memdiag.get(method) - oracle.get(method)) * 100;
            assertTrue(difference <= SHARE_TOLERANCE_POINTS, method + " differs by " + difference + " points\n" + both);
        }
        assertEquals(rank(oracle).get(0), rank(memdiag).get(0), "the top site agrees: " + both);
    }

    /**
     * Multi-dimensional arrays, Array.newInstance, Constructor.newInstance, and a class defined
     * from bytes by a custom loader are all sites with samples, kept objects and stacks.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyKindOfAllocationIsASite() throws Exception {
        ChildJvm.Run run = ChildJvm.run("alloc-kinds", "report.dir=" + dir("alloc-kinds") + ",sample.interval=200ms,report.interval=30s,alloc=on,alloc.rate=16k",
                List.of("-Xmx512m"), List.of(), "io.memdiag.samples.AllocKinds", "4");
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, Object> allocations = object(run.lastReport(), "allocations");
        Map<String, Map<String, Object>> byMethod = new HashMap<>();
        for (Map<String, Object> site : (List<Map<String, Object>>) allocations.get("byLive")) {
            byMethod.put(ChildJvm.siteMethod(site) + " " + site.get("type"), site);
        }
        String all = String.valueOf(allocations);
        assertTrue(byMethod.containsKey("grids int[][]"), all);
        assertTrue(byMethod.containsKey("reflectiveArrays (reflective)"), all);
        assertTrue(byMethod.containsKey("reflectiveObjects (reflective)"), all);
        
        // only the copy defined from bytes by the custom loader ever runs
        Map<String, Object> inMemory = byMethod.get("run short[]");
        assertTrue(inMemory != null, all);
        assertTrue(((String) inMemory.get("site")).startsWith("io.memdiag.samples.AllocKinds$InMemoryAllocator.run(AllocKinds.java:"), all);
        for (Map<String, Object> site : byMethod.values()) {
            assertTrue(((Number) site.get("liveBytes")).longValue() > 0, "kept, so live: " + site);
            List<List<String>> stacks = (List<List<String>>) site.get("stacks");
            assertTrue(!stacks.isEmpty() && stacks.get(0).get(0).startsWith((String) site.get("site")),
                    "the stack starts at the site: " + site);
            assertEquals(List.of("main"), ((List<String>) site.get("threads")).subList(0, 1), "and names its thread: " + site);
        }
        assertTrue(run.stdout().contains("BytesLoader"), run.stdout());
    }

    /** memdiag's estimated allocated bytes per AllocHeavy method. */
    @SuppressWarnings("unchecked")
    private static Map<String, Long> memdiagBytes(Map<String, Object> report) {
        Map<String, Long> bytes = new HashMap<>();
        for (Map<String, Object> site : (List<Map<String, Object>>) object(report, "allocations").get("byAllocated")) {
            String frame = (String) site.get("site");
            if (frame.startsWith(SAMPLE + ".")) {
                bytes.merge(ChildJvm.siteMethod(site), ((Number) site.get("allocatedBytes")).longValue(), Long::sum);
            }
        }
        return bytes;
    }

    /** JFR's samples per AllocHeavy method: the first frame of the sample's class. */
    private static Map<String, Long> jfrBytes(Path recording) throws Exception {
        Map<String, Long> bytes = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ObjectAllocationSample") || e.getStackTrace() == null) {
                continue;
            }
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                if (f.getMethod() != null && f.getMethod().getType().getName().equals(SAMPLE)) {
                    if (!f.getMethod().getName().equals("run") && !f.getMethod().getName().equals("main")) {
                        bytes.merge(f.getMethod().getName(), 1L, Long::sum);
                    }
                    break;
                }
            }
        }
        return bytes;
    }

    /** Each of the top five's share of their total. */
    private static Map<String, Double> shares(Map<String, Long> bytes) {
        List<Map.Entry<String, Long>> top = bytes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(5).collect(Collectors.toList());
        double total = top.stream().mapToLong(Map.Entry::getValue).sum();
        Map<String, Double> shares = new HashMap<>();
        for (Map.Entry<String, Long> e : top) {
            shares.put(e.getKey(), e.getValue() / total);
        }
        return shares;
    }

    private static List<String> rank(Map<String, Double> shares) {
        List<String> methods = new ArrayList<>(shares.keySet());
        methods.sort((a, b) -> Double.compare(shares.get(b), shares.get(a)));
        return methods;
    }
}
