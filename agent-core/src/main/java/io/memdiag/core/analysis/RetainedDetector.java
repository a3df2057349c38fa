package io.memdiag.core.analysis;

import io.memdiag.core.model.GcPoint;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.Units;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code RETAINED} (informational): the process persistently holds far more memory than it
 * lives on. The Go twin is a high RSS with a small {@code HeapAlloc}: the runtime kept pages it
 * freed. Here the JVM keeps free heap committed and the C allocator keeps freed native memory.
 *
 * <p>Fires when, in every one of the last {@link Thresholds#persistSamples} samples:
 * <ul>
 *   <li>free committed heap (committed − live) is at least {@link Thresholds#minFreeHeapBytes}
 *       and at least {@link Thresholds#minCommittedToLive} × live, and</li>
 *   <li>where RSS is known, the process is resident well beyond what it needs: RSS − live −
 *       non-heap committed ≥ {@link Thresholds#minFreeHeapBytes}. Without this a heap that is
 *       committed but never touched (not resident) would be blamed for memory the OS never gave.</li>
 * </ul>
 * Live is the lowest heap after GC in the recent window: the best live estimate available.
 * It never fires while the floor of the heap after GC is rising: then "not a leak" is unknown.
 */
public final class RetainedDetector implements Detector {

    /**
     * @param persistSamples     consecutive recent samples that must all show the condition
     * @param minFreeHeapBytes   free committed heap (and unexplained RSS) at least this
     * @param minCommittedToLive committed heap at least this multiple of live
     * @param cycledShare        a heap whose used part climbs to this share of committed is cycling
     */
    public record Thresholds(int persistSamples, long minFreeHeapBytes, double minCommittedToLive, double cycledShare) {

        public static final Thresholds DEFAULT = new Thresholds(5, 64L * 1024 * 1024, 2.0, 0.7);
    }

    /** How the free committed heap is being kept. */
    public enum Pattern {
        /** used heap has not come near committed since an earlier peak */
        IDLE_SINCE_PEAK,
        /** used heap climbs toward committed between GCs: an oversized young generation cycling */
        YOUNG_GEN_CYCLING,
        /** no sample ever came near committed: reserved up front, e.g. by -Xms */
        NEVER_USED
    }

    private final Thresholds thresholds;

    public RetainedDetector() {
        this(Thresholds.DEFAULT);
    }

    public RetainedDetector(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public Optional<Verdict> detect(AnalysisInput input) {
        List<MemorySample> samples = input.samples();
        int k = thresholds.persistSamples();
        if (samples.size() < k) {
            return Optional.empty();
        }
        if (RisingFloor.of(input.gcPoints(), HeapLeakDetector.Thresholds.DEFAULT).maybeRising) {
            return Optional.empty(); // live heap may be growing: "not a leak" cannot be said
        }
        List<MemorySample> recent = samples.subList(samples.size() - k, samples.size());
        long live = recentLive(input, recent.get(0).uptimeMillis());
        if (live < 0) {
            return Optional.empty();
        }
        for (MemorySample s : recent) {
            long free = s.heapCommitted() - live;
            if (free < thresholds.minFreeHeapBytes() || s.heapCommitted() < thresholds.minCommittedToLive() * live) {
                return Optional.empty();
            }
            long rss = s.process().rss();
            if (rss >= 0 && rss - live - Math.max(0, s.nonHeapCommitted()) < thresholds.minFreeHeapBytes()) {
                return Optional.empty();
            }
        }
        return Optional.of(verdict(input, samples, live));
    }

    /** The lowest heap after GC since {@code since}; else the latest sample's live figure. */
    private static long recentLive(AnalysisInput input, long since) {
        long live = Long.MAX_VALUE;
        for (GcPoint p : input.gcPoints()) {
            if (p.uptimeMillis() >= since) {
                live = Math.min(live, p.heapUsedAfter());
            }
        }
        if (live == Long.MAX_VALUE) {
            MemorySample last = input.samples().get(input.samples().size() - 1);
            return last.liveAfterGc();
        }
        return live;
    }

    private Verdict verdict(AnalysisInput input, List<MemorySample> samples, long live) {
        MemorySample now = samples.get(samples.size() - 1);
        long committed = now.heapCommitted();
        long free = committed - live;
        long rss = now.process().rss();
        long outside = now.outsideHeap();
        UsedHeapScan scan = UsedHeapScan.of(samples, thresholds);
        long peak = scan.peak;
        Pattern pattern = scan.cycledRecently && scan.nearCount > 1 ? Pattern.YOUNG_GEN_CYCLING
                : scan.lastNearCommitted >= 0 ? Pattern.IDLE_SINCE_PEAK : Pattern.NEVER_USED;
        long idleSinceMs = pattern == Pattern.IDLE_SINCE_PEAK ? now.uptimeMillis() - scan.lastNearCommitted : -1;
        JvmFacts jvm = input.jvm();
        boolean pinned = jvm.initialHeap() > 0 && jvm.initialHeap() == jvm.maxHeap();

        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("liveAfterGc", live);
        evidence.put("heapUsed", now.heapUsed());
        evidence.put("heapCommitted", committed);
        evidence.put("freeCommittedHeap", free);
        evidence.put("heapPeak", peak);
        evidence.put("rss", rss >= 0 ? rss : null);
        evidence.put("outsideHeap", outside >= 0 ? outside : null);
        evidence.put("pattern", pattern.name());
        evidence.put("idleSinceMs", idleSinceMs >= 0 ? idleSinceMs : null);
        evidence.put("initialHeap", jvm.initialHeap() > 0 ? jvm.initialHeap() : null);
        evidence.put("xmsPinsHeap", pinned);

        String held = rss >= 0 ? "RSS " + Units.bytes(rss) : "committed heap " + Units.bytes(committed);
        String why;
        switch (pattern) {
            case IDLE_SINCE_PEAK:
                why = "idle since a peak " + Units.duration(idleSinceMs) + " ago";
                break;
            case YOUNG_GEN_CYCLING:
                why = "cycled as young generation between GCs";
                break;
            default:
                why = "committed up front and never used";
        }
        String summary = "Not a leak: the process holds " + held + " but lives on " + Units.bytes(live) + " of heap after GC; "
                + Units.bytes(free) + " of committed heap is free (" + why
                + (pinned ? (jvm.initialHeapFromCommandLine() ? "; -Xms equals -Xmx" : "; initial heap equals -Xmx") + ", so it can never shrink" : "")
                + ")" + (outside >= 0 ? "; " + Units.bytes(outside) + " is outside the heap" : "");
        return new Verdict(VerdictKind.RETAINED, Severity.INFO, summary, evidence,
                Knobs.giveBack(jvm, pattern, pinned, committed, live, rss, outside), List.of());
    }

    /**
     * The used heap across the whole history: its peak, and when it last came near committed.
     * Apart from {@link #verdict} because this loop runs over up to an hour of samples at every
     * report: with it inside, the JIT's C2 compiler took the whole verdict method (its text,
     * evidence and advice, with everything they call inlined) for hot, a compilation needing
     * 33 to 37 MB of compiler memory (JDK 25, {@code -XX:CompileCommand=MemStat}), which the C
     * library then keeps in the process; this way only the loop becomes hot.
     */
    private static final class UsedHeapScan {
        long peak;
        long lastNearCommitted = -1;
        int nearCount;
        boolean cycledRecently;

        static UsedHeapScan of(List<MemorySample> samples, Thresholds thresholds) {
            UsedHeapScan scan = new UsedHeapScan();
            int n = samples.size();
            // recent: the last quarter of the span in time (the older samples are thinned, so not
            // the last quarter of them), and at least the samples the condition must persist over
            int recentFrom = n - Math.min(n, thresholds.persistSamples());
            long first = samples.get(0).uptimeMillis();
            long last = samples.get(n - 1).uptimeMillis();
            long recentSince = last - (last - first) / 4;
            int i = 0;
            for (MemorySample s : samples) {
                scan.peak = Math.max(scan.peak, s.heapUsed());
                if (s.heapUsed() >= thresholds.cycledShare() * s.heapCommitted()) {
                    scan.lastNearCommitted = s.uptimeMillis();
                    scan.nearCount++;
                    scan.cycledRecently |= i >= recentFrom || s.uptimeMillis() >= recentSince;
                }
                i++;
            }
            return scan;
        }
    }
}
