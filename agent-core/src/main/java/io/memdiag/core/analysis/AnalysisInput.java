package io.memdiag.core.analysis;

import io.memdiag.core.alloc.AllocationSnapshot;
import io.memdiag.core.buffers.DirectBufferTracker;
import io.memdiag.core.model.GcPoint;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.resources.ResourceSnapshot;
import io.memdiag.core.threads.ThreadSnapshot;

import java.util.List;

/**
 * A read-only snapshot of the bounded history handed to the detectors.
 *
 * @param samples  recent samples, oldest first
 * @param gcPoints recent GC cycles, oldest first
 * @param jvm      facts about the running JVM
 * @param resources resource tracking now, or null when it is off
 * @param threads  thread tracking now, or null when it is off
 * @param directBufferSites direct buffers by allocation site, most live bytes first (empty when not tracked)
 * @param allocationSites sampled allocation sites with live objects, each with its live-bytes series
 *                        (empty when allocation sampling is off)
 */
public record AnalysisInput(List<MemorySample> samples, List<GcPoint> gcPoints, JvmFacts jvm, ResourceSnapshot resources,
                            ThreadSnapshot threads, List<DirectBufferTracker.SiteStats> directBufferSites,
                            List<AllocationSnapshot.SiteStats> allocationSites) {

    /** Without allocation sites. */
    public AnalysisInput(List<MemorySample> samples, List<GcPoint> gcPoints, JvmFacts jvm, ResourceSnapshot resources,
                         ThreadSnapshot threads, List<DirectBufferTracker.SiteStats> directBufferSites) {
        this(samples, gcPoints, jvm, resources, threads, directBufferSites, List.of());
    }

    /** Without direct buffer sites. */
    public AnalysisInput(List<MemorySample> samples, List<GcPoint> gcPoints, JvmFacts jvm, ResourceSnapshot resources,
                         ThreadSnapshot threads) {
        this(samples, gcPoints, jvm, resources, threads, List.of());
    }

    /** Without resource and thread tracking. */
    public AnalysisInput(List<MemorySample> samples, List<GcPoint> gcPoints, JvmFacts jvm) {
        this(samples, gcPoints, jvm, null, null);
    }

    /** Without thread tracking. */
    public AnalysisInput(List<MemorySample> samples, List<GcPoint> gcPoints, JvmFacts jvm, ResourceSnapshot resources) {
        this(samples, gcPoints, jvm, resources, null);
    }
}
