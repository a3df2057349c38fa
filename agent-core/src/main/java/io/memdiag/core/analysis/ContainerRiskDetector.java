package io.memdiag.core.analysis;

import io.memdiag.core.model.CgroupMemory;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.Units;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code CONTAINER_RISK}: the process may be killed by the kernel's OOM killer before the JVM
 * ever throws OutOfMemoryError. The cgroup limit binds RSS, not the heap: heap, metaspace, code,
 * thread stacks, buffers and malloc all count.
 *
 * <p>Fires when, in a memory cgroup with a limit: RSS reaches the threshold share of it
 * (option container.threshold, {@link #NEAR} by default; CRITICAL from
 * {@link #CRITICAL_SHARE}); or -Xmx plus what the process uses outside the heap exceeds it (the
 * heap is allowed to grow into a kill); or the cgroup has recorded OOM kills. RSS is the
 * measure, not the cgroup's usage, which also counts reclaimable page cache.
 */
public final class ContainerRiskDetector implements Detector {

    static final double NEAR = 0.9;
    static final double CRITICAL_SHARE = 0.97;
    /** Headroom kept below the limit when suggesting MaxRAMPercentage. */
    static final double HEADROOM = 0.1;

    private final double near;

    public ContainerRiskDetector() {
        this(NEAR);
    }

    /** @param near share of the limit (0.5 to 0.99) at which RSS is a risk */
    public ContainerRiskDetector(double near) {
        this.near = near;
    }

    @Override
    public Optional<Verdict> detect(AnalysisInput input) {
        List<MemorySample> samples = input.samples();
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        MemorySample now = samples.get(samples.size() - 1);
        CgroupMemory cg = now.cgroup();
        if (cg == null || !cg.limited()) {
            return Optional.empty();
        }
        long limit = cg.limit();
        long rss = now.process().rss();
        long heapMax = now.heapMax() > 0 ? now.heapMax() : input.jvm().maxHeap();
        long outside = rss >= 0 && now.heapCommitted() >= 0 ? Math.max(0, rss - now.heapCommitted()) : -1;
        long worstCase = heapMax > 0 && outside >= 0 ? heapMax + outside : -1;
        double share = rss >= 0 ? (double) rss / limit : 0;
        boolean near = share >= this.near;
        boolean overcommitted = worstCase > limit;
        boolean killed = cg.oomKills() > 0;
        if (!near && !overcommitted && !killed) {
            return Optional.empty();
        }
        Long toLimit = projectedMsToLimit(samples, limit);
        long suggestedPercent = outside >= 0 ? Math.max(10, (long) Math.floor((limit * (1 - HEADROOM) - outside) * 100.0 / limit)) : -1;

        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("cgroupLimit", limit);
        evidence.put("cgroupUsage", cg.usage() >= 0 ? cg.usage() : null);
        evidence.put("rss", rss >= 0 ? rss : null);
        evidence.put("rssShareOfLimit", rss >= 0 ? Math.round(share * 1000) / 1000.0 : null);
        evidence.put("heapMax", heapMax > 0 ? heapMax : null);
        evidence.put("outsideHeap", outside >= 0 ? outside : null);
        evidence.put("heapMaxPlusOutside", worstCase >= 0 ? worstCase : null);
        evidence.put("oomKills", cg.oomKills() >= 0 ? cg.oomKills() : null);
        evidence.put("projectedToLimitMs", toLimit);
        evidence.put("suggestedMaxRAMPercentage", suggestedPercent >= 0 ? suggestedPercent : null);

        List<String> parts = new ArrayList<>();
        if (near) {
            parts.add("RSS " + Units.bytes(rss) + " is " + Units.decimal(share * 100, 0) + "% of the container's " + Units.bytes(limit) + " limit");
        }
        if (overcommitted) {
            parts.add("-Xmx " + Units.bytes(heapMax) + " plus " + Units.bytes(outside) + " outside the heap exceeds the "
                    + Units.bytes(limit) + " limit: the heap may grow into an OOM kill");
        }
        if (killed) {
            parts.add(cg.oomKills() + " OOM kill" + (cg.oomKills() == 1 ? "" : "s") + " already recorded in this cgroup");
        }
        if (toLimit != null) {
            parts.add("at the current rate the limit is reached in ~" + Units.duration(toLimit));
        }
        Severity severity = share >= CRITICAL_SHARE || killed && near ? Severity.CRITICAL : Severity.WARNING;
        List<String> advice = new ArrayList<>();
        if (suggestedPercent >= 0) {
            long heap = (long) (limit * suggestedPercent / 100.0);
            advice.add("-XX:MaxRAMPercentage=" + suggestedPercent + " (a " + Units.bytes(heap) + " heap) leaves " + Units.bytes(limit - heap)
                    + " of the " + Units.bytes(limit) + " limit for what the process uses outside the heap now (" + Units.bytes(outside)
                    + ") plus 10% headroom; replace a fixed -Xmx with it so the heap follows the container.");
        }
        advice.add("If the memory outside the heap grows, see NATIVE_GROWTH and `jcmd <pid> VM.native_memory summary`"
                + " (start with -XX:NativeMemoryTracking=summary); thread stacks, direct buffers and malloc arenas count against the limit too.");
        if (killed) {
            advice.add("The kernel's OOM kills leave no Java stack trace: check `dmesg` or the orchestrator's events (OOMKilled) for the times.");
        }
        return Optional.of(new Verdict(VerdictKind.CONTAINER_RISK, severity, String.join("; ", parts), evidence, advice, List.of()));
    }

    /** Theil–Sen over RSS in the kept samples; null unless rising. */
    static Long projectedMsToLimit(List<MemorySample> samples, long limit) {
        // the slope needs a trend, not every sample
        SpacedSamples.Points rss = SpacedSamples.points(samples, 60, s -> s.process().rss());
        if (rss.size() < 8) {
            return null;
        }
        long[] y = rss.y();
        Trend trend = Trend.of(rss.t(), y);
        long last = y[y.length - 1];
        if (trend.slope <= 0 || trend.mannKendallZ < 2.33 || last >= limit) {
            return null;
        }
        return (long) ((limit - last) / trend.slope);
    }
}
