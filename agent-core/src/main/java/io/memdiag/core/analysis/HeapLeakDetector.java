package io.memdiag.core.analysis;

import io.memdiag.core.model.GcPoint;
import io.memdiag.core.model.Units;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code HEAP_LEAK}: live heap after GC keeps rising across GC cycles.
 *
 * <p>The series is the floor of the heap after each collection, per time slice
 * ({@link LivePoints#floors}). It is a leak when all of these hold:
 * <ol>
 *   <li>enough cycles: at least {@link Thresholds#minFloors} floors;</li>
 *   <li>a monotonic trend, not one outlier: Mann–Kendall z above {@link Thresholds#minZ}
 *       (one-sided p &lt; 0.01) and a positive Theil–Sen slope;</li>
 *   <li>still rising now, so a step up followed by a plateau does not count: the later half
 *       of the series has its own slope, at least {@link Thresholds#recentSlopeShare} of the
 *       whole, and its own Mann–Kendall z of at least {@link RisingFloor#RECENT_MIN_Z};</li>
 *   <li>growth well above noise: the rise over the window exceeds both
 *       {@link Thresholds#noiseFactor} × the residual noise and {@link Thresholds#minGrowthBytes};</li>
 *   <li>confirmed by the old generation: at least {@link Thresholds#minReclamations}
 *       collections reclaimed old-generation space during the rise and the heap after the last
 *       is above the first by more than the noise; on G1, in a rise shorter than
 *       {@link #G1_SETTLING_MS}, their trend must also rise by more than the garbage G1 may leave
 *       behind ({@link #g1Waste}). Before that, a rising floor may be promoted
 *       garbage waiting for its first old collection, and the detector waits rather than cry
 *       wolf. And where the later half of the rise has that many reclamations of its own, they
 *       must rise too (along their Theil–Sen trend): a cache that warms up and then holds is
 *       low at its first reclamation and flat at all the others, while the young collections'
 *       floors between them may drift up by chance (recorded: a bounded cache on JDK 25 under
 *       CI load, first reclamation 22.1 MB at 1.9 s, the ones after 5 s within 24.9–26.3 MB).
 *       Only where it has them: old collections can be rare (recorded: a fast leak on JDK 17
 *       with one reclamation in the later half of a 15-second rise), and requiring two there
 *       missed it.</li>
 * </ol>
 */
public final class HeapLeakDetector implements Detector {

    /**
     * @param minFloors        floors (time slices with a collection) needed at all
     * @param buckets          time slices the series is reduced to (their floors)
     * @param minReclamations  old-generation reclamations during the rise needed to confirm it (and in its later half, to judge it there)
     * @param minZ             Mann–Kendall z for the whole series
     * @param recentSlopeShare the later half's slope relative to the whole series' slope
     * @param noiseFactor      growth must exceed this many times the residual noise
     * @param minGrowthBytes   growth must exceed this in absolute terms
     * @param criticalWithinMs projected time to -Xmx under which the verdict is CRITICAL
     */
    public record Thresholds(int minFloors, int buckets, int minReclamations, double minZ, double recentSlopeShare,
                             double noiseFactor, long minGrowthBytes, long criticalWithinMs) {

        public static final Thresholds DEFAULT = new Thresholds(8, 24, 2, 2.33, 0.3, 3.0, 1024 * 1024, 3_600_000);
    }

    /**
     * How long a rise of the heap after G1's old-generation collections may be G1 settling rather
     * than a leak ({@link #g1Waste}). The garbage G1 leaves is bounded, so a rise that goes on
     * for longer is judged by its trend alone, as before, and a slow leak on a large heap is not
     * held back until it outgrows 5 % of the heap (a 24 MB/h leak under a 1.6 GB heap, found
     * after four hours: HeapLeakDetectorTest).
     */
    static final long G1_SETTLING_MS = 30 * 60_000L;

    private final Thresholds thresholds;

    public HeapLeakDetector() {
        this(Thresholds.DEFAULT);
    }

    public HeapLeakDetector(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public Optional<Verdict> detect(AnalysisInput input) {
        RisingFloor floor = RisingFloor.of(input.gcPoints(), thresholds);
        if (!floor.rising) {
            return Optional.empty();
        }
        long riseStart = floor.t[floor.start];
        long now = floor.t[floor.t.length - 1];
        List<GcPoint> duringRise = since(LivePoints.reclamations(input.gcPoints()), riseStart);
        if (duringRise.size() < thresholds.minReclamations()) {
            return Optional.empty();
        }
        GcPoint lastReclamation = duringRise.get(duringRise.size() - 1);
        if (lastReclamation.heapUsedAfter() - duringRise.get(0).heapUsedAfter() <= floor.all.noise
                || now - riseStart < G1_SETTLING_MS && riseAlongTrend(LivePoints.floors(duringRise, thresholds.buckets()))
                        <= g1Waste(input.jvm(), lastReclamation.heapCommittedAfter())) {
            return Optional.empty();
        }
        List<GcPoint> laterHalf = since(duringRise, riseStart + (now - riseStart) / 2);
        if (laterHalf.size() >= thresholds.minReclamations()
                && riseAlongTrend(LivePoints.floors(laterHalf, thresholds.buckets())) <= floor.all.noise) {
            return Optional.empty(); // flat lately: what rose was a warm-up
        }
        return Optional.of(verdict(input, floor, duringRise.size()));
    }

    /**
     * On G1, how much garbage its old-generation collections may leave behind, which the heap
     * after them can gain without a leak; 0 for other collectors. G1 ends its mixed collections
     * once the garbage left in the candidate old regions is below {@code G1HeapWastePercent}
     * (default 5) of the committed heap, and never collects regions that are mostly live, so what
     * it leaves drifts with the workload, upwards while a service settles: recorded on JDK 17, a
     * healthy service (-Xmx128m, about 90 MB committed) whose heap after each mixed collection rose
     * from 21.5 to 24.8 MB over 7 s and fell back, its full-GC live heap flat at 17 MB: read as
     * HEAP_LEAK in six of eight runs with G1's mixed collections all marked. Early in a rise a
     * leak is confirmed once it has outgrown that drift.
     */
    static long g1Waste(JvmFacts jvm, long heapCommitted) {
        if (jvm == null || jvm.collector() != JvmFacts.Collector.G1 || heapCommitted <= 0) {
            return 0;
        }
        return heapCommitted / 100 * jvm.longFlag("G1HeapWastePercent", 5); // 5: G1's default
    }

    /**
     * How far the heap after these reclamations rose from the first to the last, along their
     * Theil–Sen trend. Given their floors per time slice: with a single-generation collector
     * every collection is a reclamation, and the trend's pairwise slopes over thousands of points
     * would cost the sampler megabytes at every report.
     */
    private static double riseAlongTrend(List<GcPoint> reclamations) {
        long[] t = LivePoints.uptimes(reclamations);
        return Trend.of(t, LivePoints.heapAfter(reclamations)).slope * (t[t.length - 1] - t[0]);
    }

    private static List<GcPoint> since(List<GcPoint> points, long uptimeMillis) {
        List<GcPoint> result = new java.util.ArrayList<>();
        for (GcPoint p : points) {
            if (p.uptimeMillis() >= uptimeMillis) {
                result.add(p);
            }
        }
        return result;
    }

    private Verdict verdict(AnalysisInput input, RisingFloor floor, int reclamations) {
        long[] t = floor.t;
        long[] y = floor.y;
        Trend all = floor.all;
        int start = floor.start;
        int n = t.length;
        long now = t[n - 1];
        long risingForMs = now - t[start];
        double bytesPerMin = all.slope * 60_000;
        long liveNow = y[n - 1];
        long heapMax = input.jvm().maxHeap() > 0 ? input.jvm().maxHeap() : lastHeapMax(input);
        Long msToMax = heapMax > liveNow && all.slope > 0 ? (long) ((heapMax - liveNow) / all.slope) : null;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("growthBytesPerMin", Math.round(bytesPerMin));
        evidence.put("risingForMs", risingForMs);
        evidence.put("liveAfterGcStart", y[start]);
        evidence.put("liveAfterGcNow", liveNow);
        evidence.put("heapMax", heapMax > 0 ? heapMax : null);
        evidence.put("projectedToMaxMs", msToMax);
        evidence.put("gcCycles", input.gcPoints().size());
        evidence.put("oldReclamations", reclamations);
        evidence.put("trendTau", round3(all.kendallTau));
        evidence.put("trendZ", round3(all.mannKendallZ));
        evidence.put("noiseBytes", Math.round(all.noise));
        List<LeakSites.Suspect> suspects = LeakSites.find(input.allocationSites(), t[start], liveNow - y[start]);
        if (!suspects.isEmpty()) {
            double explained = 0;
            for (LeakSites.Suspect s : suspects) {
                explained += s.share();
            }
            evidence.put("sitesShareOfGrowth", Math.round(Math.min(1.0, explained) * 100) / 100.0);
        }
        Severity severity = msToMax != null && msToMax < thresholds.criticalWithinMs() ? Severity.CRITICAL : Severity.WARNING;
        String summary = "Live heap after GC rose from " + Units.bytes(y[start]) + " to " + Units.bytes(liveNow) + " over "
                + Units.duration(risingForMs) + " (+" + Units.bytes(Math.round(bytesPerMin)) + "/min)"
                + (msToMax == null ? "" : "; -Xmx " + Units.bytes(heapMax) + " reached in ~" + Units.duration(msToMax) + " at this rate");
        List<String> sites = new java.util.ArrayList<>();
        for (LeakSites.Suspect s : suspects) {
            sites.add(s.describe());
        }
        List<String> advice = new java.util.ArrayList<>();
        if (!suspects.isEmpty()) {
            advice.add("Start with the allocation sites below: objects they allocate keep surviving GC and grew with the heap. Find what keeps them (a map, list or cache) and bound or remove its entries.");
        } else if (input.allocationSites().isEmpty()) {
            advice.add("Allocation sampling is off (the default) or has no live samples yet; with alloc=on (at start, or `java -jar memdiag-agent.jar stop <pid>` then `attach <pid> alloc=on`) the report names the sites whose objects keep surviving.");
        }
        advice.addAll(List.of(
                "Confirm which classes grow: run `jcmd <pid> GC.class_histogram` twice a few minutes apart and compare the top entries.",
                "Find who holds them: `jcmd <pid> GC.heap_dump /tmp/heap.hprof`, then look at the dominators of the growing classes (Eclipse MAT, VisualVM).",
                "Usual causes: a static or long-lived Map, List or cache without eviction, listeners or callbacks never removed, ThreadLocals on pooled threads.",
                "Until fixed, the time to OutOfMemoryError is the projection above; a restart only resets the clock."));
        return new Verdict(VerdictKind.HEAP_LEAK, severity, summary, evidence, advice, sites);
    }

    private static long lastHeapMax(AnalysisInput input) {
        return input.samples().isEmpty() ? -1 : input.samples().get(input.samples().size() - 1).heapMax();
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
