package io.memdiag.core.analysis;

import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.Units;
import io.memdiag.core.resources.ResourceKind;
import io.memdiag.core.resources.ResourceSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * {@code NATIVE_GROWTH}: memory outside the Java heap that keeps growing while live heap stays
 * flat. Two series are watched: direct ByteBuffers (the JVM counts them), and anonymous RSS
 * outside what the JVM accounts for (RssAnon minus committed heap, committed non-heap pools,
 * direct buffers and an estimate of resident thread stacks): JNI libraries, malloc from the JDK's own native code (zlib behind Inflater
 * and Deflater), allocator retention.
 *
 * <p>Growth, not retention: the series must rise monotonically and still be rising in the later
 * half of the kept samples, by more than its noise and {@link #MIN_GROWTH}; a native burst that
 * was freed, even if glibc keeps the pages, levels off and is RETAINED's business instead.
 */
public final class NativeGrowthDetector implements Detector {

    static final long MIN_GROWTH = 16L * 1024 * 1024;
    static final int MIN_SAMPLES = 20;
    static final int MAX_POINTS = 60;
    /**
     * A heap that rose by at least this share of the native growth explains it; a heap that crept
     * up by a few MB (warm-up, the agent's own tables) next to 100 MB of native growth does not.
     */
    static final double HEAP_SHARE = 0.25;

    @Override
    public Optional<Verdict> detect(AnalysisInput input) {
        List<MemorySample> samples = input.samples();
        if (samples.size() < MIN_SAMPLES) {
            return Optional.empty();
        }
        Growth direct = growth(samples, MemorySample::directBuffers);
        Growth unaccounted = growth(samples, NativeGrowthDetector::unaccounted);
        if (direct == null && unaccounted == null) {
            return Optional.empty();
        }
        RisingFloor floor = RisingFloor.of(input.gcPoints(), HeapLeakDetector.Thresholds.DEFAULT);
        Growth outside = direct != null ? direct : unaccounted;
        if (floor.maybeRising && floor.y[floor.y.length - 1] - floor.y[floor.start] >= HEAP_SHARE * (outside.now - outside.start)) {
            return Optional.empty(); // the heap grows as much: HEAP_LEAK's case, and it pulls native memory with it
        }
        MemorySample last = samples.get(samples.size() - 1);
        List<String> sites = new ArrayList<>();
        List<String> suspects = new ArrayList<>();
        if (direct != null) {
            for (io.memdiag.core.buffers.DirectBufferTracker.SiteStats b : input.directBufferSites()) {
                if (b.liveBytes() > 0 && sites.size() < 5) {
                    if (b.attributed()) {
                        sites.add(b.site());
                    }
                    suspects.add("direct buffers " + Units.bytes(b.liveBytes()) + " live (" + b.liveCount() + ") allocated at " + b.site());
                }
            }
        }
        ResourceSnapshot r = input.resources();
        if (r != null) {
            for (ResourceSnapshot.SiteStats s : r.sites()) {
                boolean nativeHolder = s.kind() == ResourceKind.INFLATER || s.kind() == ResourceKind.DEFLATER || s.kind() == ResourceKind.ZIP_FILE;
                if (nativeHolder && s.openNow() + s.collectedUnclosed() > 0 && sites.size() < 5) {
                    sites.add(s.site());
                    suspects.add(s.kind() + " x" + s.openNow() + " open" + (s.collectedUnclosed() > 0 ? ", " + s.collectedUnclosed() + " never ended" : "")
                            + " at " + s.site());
                }
            }
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("growing", direct != null && unaccounted != null ? "direct buffers and unaccounted native memory"
                : direct != null ? "direct buffers" : "unaccounted native memory");
        if (direct != null) {
            evidence.put("directBuffersStart", direct.start);
            evidence.put("directBuffersNow", direct.now);
            evidence.put("directGrowthBytesPerMin", Math.round(direct.perMin));
        }
        if (unaccounted != null) {
            evidence.put("unaccountedStart", unaccounted.start);
            evidence.put("unaccountedNow", unaccounted.now);
            evidence.put("unaccountedGrowthBytesPerMin", Math.round(unaccounted.perMin));
        }
        evidence.put("rssAnon", last.process().rssAnon() >= 0 ? last.process().rssAnon() : null);
        evidence.put("liveAfterGc", last.liveAfterGc() >= 0 ? last.liveAfterGc() : null);
        evidence.put("suspects", suspects.isEmpty() ? "none the JVM can attribute" : String.join("; ", suspects));

        Growth main = direct != null ? direct : unaccounted;
        String what = direct != null ? "Direct ByteBuffers" : "Native memory the JVM does not account for";
        String summary = what + " grew from " + Units.bytes(main.start) + " to " + Units.bytes(main.now) + " (+"
                + Units.bytes(Math.round(main.perMin)) + "/min) while live heap stayed flat"
                + (suspects.isEmpty() ? (direct == null ? "; nothing the JVM can see holds it (JNI, a native library, the allocator)" : "")
                        : "; suspects: " + suspects.get(0));
        return Optional.of(new Verdict(VerdictKind.NATIVE_GROWTH, Severity.WARNING, summary, evidence, advice(input.jvm(), direct != null), sites));
    }

    private static List<String> advice(JvmFacts jvm, boolean direct) {
        List<String> advice = new ArrayList<>();
        if (direct) {
            advice.add("Direct buffers are freed only when their ByteBuffer is collected: find what keeps them (a pool, a cache);"
                    + " -XX:MaxDirectMemorySize=<size> caps them with an OutOfMemoryError instead of silent growth"
                    + (jvm.hasFlag("MaxDirectMemorySize") ? " (now " + jvm.flag("MaxDirectMemorySize") + ", 0 = as large as -Xmx)" : "") + ".");
        }
        advice.add("Confirm and locate it: start with -XX:NativeMemoryTracking=summary, then compare `jcmd <pid> VM.native_memory summary`"
                + " a few minutes apart (the growing category: Internal, Other, Thread, Class ...).");
        advice.add("Inflater, Deflater, GZIP streams and ZipFile hold zlib memory until end()/close(): see RESOURCE_LEAK for the sites that never end them.");
        if (jvm.linux()) {
            advice.add("If it levels off later, it is glibc keeping freed memory: MALLOC_ARENA_MAX=2"
                    + (jvm.hasFlag("TrimNativeHeapInterval") ? ", and `jcmd <pid> System.trim_native_heap` or -XX:TrimNativeHeapInterval=60000," : "")
                    + " give it back.");
        }
        return advice;
    }

    /**
     * What a thread's stack keeps resident, as an estimate: HotSpot reserves -Xss (1 MB) but a
     * typical Java thread touches a small part of it. Counted so that more threads do not read
     * as unexplained native growth (THREAD_LEAK is their verdict).
     */
    static final long RESIDENT_STACK_ESTIMATE = 128 * 1024;

    /**
     * RssAnon not explained by the heap, the non-heap pools, direct buffers or thread stacks; -1
     * when unknown. Unknown too while the difference is negative: committed heap that is not all
     * resident yet (a large -Xms) hides the native part, which would then seem to appear, as
     * growth, at the moment the heap becomes resident.
     */
    static long unaccounted(MemorySample s) {
        long anon = s.process().rssAnon();
        if (anon < 0 || s.heapCommitted() < 0) {
            return -1;
        }
        long v = anon - s.heapCommitted() - Math.max(0, s.nonHeapCommitted()) - Math.max(0, s.directBuffers())
                - Math.max(0, s.threads()) * RESIDENT_STACK_ESTIMATE;
        return v < 0 ? -1 : v;
    }

    private record Growth(long start, long now, double perMin) {
    }

    /** A significant, still-rising trend in the series, or null. */
    static Growth growth(List<MemorySample> samples, ToLongFunction<MemorySample> series) {
        SpacedSamples.Points points = SpacedSamples.points(samples, MAX_POINTS, series);
        int n = points.size();
        if (n < MIN_SAMPLES / 2) {
            return null;
        }
        long[] t = points.t();
        long[] y = points.y();
        Trend all = Trend.of(t, y);
        if (all.slope <= 0 || all.mannKendallZ < 2.33) {
            return null;
        }
        Trend recent = Trend.of(java.util.Arrays.copyOfRange(t, n / 2, n), java.util.Arrays.copyOfRange(y, n / 2, n));
        if (recent.slope < 0.3 * all.slope || recent.kendallTau <= 0) {
            return null;
        }
        double growth = all.slope * (t[n - 1] - t[0]);
        if (growth < MIN_GROWTH || growth < 3 * all.noise) {
            return null;
        }
        return new Growth(y[0], y[n - 1], all.slope * 60_000);
    }
}
