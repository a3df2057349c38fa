package io.memdiag.core.report;

import io.memdiag.core.alloc.AllocationSnapshot;
import io.memdiag.core.analysis.JvmFacts;
import io.memdiag.core.buffers.DirectBufferTracker;
import io.memdiag.core.analysis.Verdict;
import io.memdiag.core.model.GcPoint;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.resources.ResourceSnapshot;
import io.memdiag.core.threads.ThreadSnapshot;

import java.util.List;

/**
 * One report: what the agent concluded and the numbers it concluded it from. Rendered as a
 * human-readable block ({@link HumanReportFormatter}) and as one JSON line
 * ({@link JsonReportFormatter}); the JSON shape is the public contract in
 * src/site/markdown/report-format.md.
 *
 * @param sequence     1 for the first report of this JVM
 * @param reason       "interval", "shutdown" or "on-demand"
 * @param pid          the process id
 * @param memory       the latest sample
 * @param verdicts     findings, most severe first
 * @param gc           GC cycle bookkeeping
 * @param events       ring-buffer statistics
 * @param agent        what the agent itself costs
 * @param resources    resource tracking, or null when it is off
 * @param threads      thread tracking, or null when it is off
 * @param directBufferSites direct buffers by allocation site, most live bytes first
 * @param allocations  sampled allocation sites, or null when allocation sampling is off
 * @param notes        what the agent could not see and why (e.g. "not Linux: ..."), and its own failures
 */
public record Report(
        int sequence,
        String reason,
        long pid,
        JvmFacts jvm,
        MemorySample memory,
        List<Verdict> verdicts,
        GcStats gc,
        EventStats events,
        AgentStats agent,
        ResourceSnapshot resources,
        ThreadSnapshot threads,
        List<DirectBufferTracker.SiteStats> directBufferSites,
        AllocationSnapshot allocations,
        List<String> notes) {

    /**
     * @param cycles    GC collections counted since the agent started
     * @param kept      GC points kept for analysis
     * @param compacted GC points merged away to keep the table bounded
     * @param floors    the floor of heap after GC per time slice over the whole run: the trend
     */
    public record GcStats(long cycles, int kept, long compacted, List<GcPoint> floors) {
    }

    /**
     * @param samples         samples taken since start
     * @param samplerCpuNanos CPU time the sampler thread used since start
     */
    public record AgentStats(long samples, long samplerCpuNanos) {

        /** Mean CPU microseconds per sample, or -1 before the first. */
        public long cpuMicrosPerSample() {
            return samples == 0 ? -1 : samplerCpuNanos / samples / 1000;
        }
    }
}
