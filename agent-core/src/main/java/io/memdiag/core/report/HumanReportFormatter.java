package io.memdiag.core.report;

import io.memdiag.core.alloc.AllocationSnapshot;
import io.memdiag.core.analysis.Verdict;
import io.memdiag.core.model.CgroupMemory;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;
import io.memdiag.core.model.Units;
import io.memdiag.core.resources.ResourceSnapshot;
import io.memdiag.core.threads.ThreadSnapshot;

import java.util.Map;

/**
 * Renders a {@link Report} for a person: verdicts first (that is what the operator came
 * for), then the memory table that backs them, then what the agent dropped or could not see.
 */
public final class HumanReportFormatter {

    public String format(Report r) {
        MemorySample m = r.memory();
        StringBuilder sb = new StringBuilder(2048);
        sb.append("==== memdiag report #").append(r.sequence()).append(" (").append(r.reason()).append(") pid ").append(r.pid())
                .append(", uptime ").append(Units.duration(m.uptimeMillis())).append(", Java ").append(r.jvm().javaVersion())
                .append(", ").append(r.jvm().collector()).append(" ====\n");
        verdicts(sb, r);
        memory(sb, m);
        resources(sb, r.resources());
        threads(sb, r.threads());
        allocations(sb, r.allocations());
        sb.append("EVENTS\n");
        EventStats e = r.events();
        sb.append("  published ").append(e.published()).append(", drained ").append(e.drained()).append(", dropped ")
                .append(e.dropped()).append(" (ring of ").append(e.capacity()).append(" slots)").append(byType(e.byType())).append('\n');
        sb.append("  GC cycles seen ").append(r.gc().cycles()).append(" (kept ").append(r.gc().kept()).append(", compacted ")
                .append(r.gc().compacted()).append(")\n");
        sb.append("  agent: ").append(r.agent().samples()).append(" samples, sampler CPU ").append(r.agent().samplerCpuNanos() / 1_000_000)
                .append(" ms in all, ").append(r.agent().cpuMicrosPerSample() < 0 ? "n/a" : r.agent().cpuMicrosPerSample() + " us")
                .append(" per sample\n");
        if (!r.notes().isEmpty()) {
            sb.append("NOTES\n");
            for (String n : r.notes()) {
                sb.append("  - ").append(n).append('\n');
            }
        }
        return sb.toString();
    }

    /** Top sites by allocated and by live bytes, five each: the report's pprof alloc_space and inuse_space. */
    private static void allocations(StringBuilder sb, AllocationSnapshot a) {
        if (a == null) {
            return;
        }
        sb.append("ALLOCATIONS (sampled every ").append(Units.bytes(a.rate())).append(" on average")
                .append(a.effectiveRate() > a.rate() ? ", throttled to every " + Units.bytes(a.effectiveRate()) : "")
                .append("; ").append(a.samples()).append(" samples, ").append(a.sitesKnown()).append(" sites instrumented)\n");
        sb.append("  by allocated bytes:\n");
        for (AllocationSnapshot.SiteStats s : a.byAllocated().subList(0, Math.min(5, a.byAllocated().size()))) {
            siteRow(sb, Units.bytes(s.allocatedBytes()), s.site().type(), s.site().location());
        }
        sb.append("  by live bytes (sampled objects not collected yet):\n");
        for (AllocationSnapshot.SiteStats s : a.byLive().subList(0, Math.min(5, a.byLive().size()))) {
            siteRow(sb, Units.bytes(s.liveBytes()), s.site().type(), s.site().location());
        }
        if (a.evicted() > 0 || a.sitesRefused() > 0 || a.throttled() > 0 || a.stacksDropped() > 0 || a.notFollowed() > 0) {
            sb.append("  bounded tables: ").append(a.liveHeld()).append(" live samples held of ").append(a.liveCapacity())
                    .append(" (").append(a.evicted()).append(" evicted, ").append(a.notFollowed()).append(" too large to follow); ")
                    .append(a.sitesRefused()).append(" sites refused beyond ").append(a.siteCapacity()).append("; ")
                    .append(a.throttled()).append(" samples throttled; ").append(a.stacksDropped()).append(" stacks dropped\n");
        }
    }

    private static void verdicts(StringBuilder sb, Report r) {
        sb.append("VERDICTS\n");
        if (r.verdicts().isEmpty()) {
            sb.append("  none: no leak found and no memory held far beyond live data\n");
        }
        for (Verdict v : r.verdicts()) {
            sb.append("  [").append(v.severity()).append("] ").append(v.kind()).append(": ").append(v.summary()).append('\n');
            sb.append("      evidence:");
            for (Map.Entry<String, Object> ev : v.evidence().entrySet()) {
                sb.append(' ').append(ev.getKey()).append('=').append(readable(ev.getKey(), ev.getValue()));
            }
            sb.append('\n');
            for (String a : v.advice()) {
                sb.append("      advice: ").append(a).append('\n');
            }
            for (String s : v.sites()) {
                sb.append("      at ").append(s).append('\n');
            }
        }
    }

    /**
     * Evidence for a person: durations (keys ending in Ms) and byte amounts (keys naming bytes,
     * heap, live or RSS figures) in units; everything else as it is. The JSON keeps raw numbers.
     */
    static String readable(String key, Object value) {
        if (!(value instanceof Number)) {
            return String.valueOf(value);
        }
        Number n = (Number) value;
        String k = key.toLowerCase(java.util.Locale.ROOT);
        if (k.endsWith("ms")) {
            return Units.duration(n.longValue());
        }
        if (k.contains("bytesper")) {
            return Units.bytes(n.longValue()) + "/" + key.substring(k.indexOf("bytesper") + "bytesper".length()).toLowerCase(java.util.Locale.ROOT);
        }
        if (k.contains("bytes") || k.contains("heap") || k.contains("live") || k.contains("rss") || k.contains("committed")) {
            return Units.bytes(n.longValue());
        }
        if (n instanceof Double || n instanceof Float) {
            return Units.decimal(n.doubleValue(), 3);
        }
        return n.toString();
    }

    private static void memory(StringBuilder sb, MemorySample m) {
        ProcessMemory p = m.process();
        sb.append("MEMORY\n");
        row(sb, "live heap after GC", Units.bytes(m.liveAfterGc()), m.liveAfterGc() < 0 ? "no GC yet" : "");
        row(sb, "heap used", Units.bytes(m.heapUsed()), "includes garbage not yet collected");
        row(sb, "heap committed", Units.bytes(m.heapCommitted()), "reserved from the OS");
        row(sb, "heap max", Units.bytes(m.heapMax()), "-Xmx");
        if (p.available()) {
            row(sb, "RSS", Units.bytes(p.rss()), "anon " + Units.bytes(p.rssAnon()) + ", file " + Units.bytes(p.rssFile())
                    + ", shmem " + Units.bytes(p.rssShmem()) + "; swap " + Units.bytes(p.swap()) + "; peak " + Units.bytes(p.hwm()));
            row(sb, "outside heap", Units.bytes(m.outsideHeap()), m.outsideHeap() >= 0
                    ? "RSS - heap committed: metaspace, code, threads, buffers, malloc"
                    : "RSS is below the committed heap, which is not all resident yet");
        } else {
            row(sb, "RSS", "n/a", "process memory unavailable on this platform");
        }
        StringBuilder pools = new StringBuilder();
        for (Map.Entry<String, Long> e : m.nonHeapPools().entrySet()) {
            pools.append(pools.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(Units.bytes(e.getValue()));
        }
        row(sb, "non-heap committed", Units.bytes(m.nonHeapCommitted()), pools.toString());
        row(sb, "buffers", "direct " + Units.bytes(m.directBuffers()), "mapped " + Units.bytes(m.mappedBuffers()));
        row(sb, "threads", Integer.toString(m.threads()), "");
        row(sb, "open fds", m.openFds() < 0 ? "n/a" : Long.toString(m.openFds()),
                m.fdLimit() < 0 ? "" : "soft limit " + (m.fdLimit() == Long.MAX_VALUE ? "unlimited" : Long.toString(m.fdLimit())));
        CgroupMemory c = m.cgroup();
        if (c == null) {
            row(sb, "cgroup", "n/a", "no readable memory cgroup");
        } else {
            row(sb, "cgroup v" + c.version(), c.limited() ? "limit " + Units.bytes(c.limit()) : "no limit",
                    "usage " + Units.bytes(c.usage()) + (c.oomKills() > 0 ? ", OOM kills " + c.oomKills() : ""));
        }
    }

    /** Each site once, with its counts and its representative stack: identical stacks are not repeated. */
    private static void resources(StringBuilder sb, ResourceSnapshot s) {
        if (s == null) {
            return;
        }
        sb.append("RESOURCES\n  open now ").append(s.openNow()).append(", garbage-collected without close ").append(s.collectedUnclosed())
                .append(", tracked since start ").append(s.tracked())
                .append(s.tableOverflow() + s.siteOverflow() > 0
                        ? " (not tracked: " + s.tableOverflow() + " table full, " + s.siteOverflow() + " site table full)" : "")
                .append('\n');
        if (!s.unattributed().isEmpty()) {
            sb.append("  site not looked up for ").append(s.notAttributed()).append(" opens (beyond resources.walks=")
                    .append(s.walksPerSecond()).append(" a second; the sites below are a sample):");
            for (ResourceSnapshot.SiteStats kind : s.unattributed()) {
                sb.append(' ').append(kind.kind()).append(" x").append(kind.openNow()).append(" open, ")
                        .append(kind.collectedUnclosed()).append(" leaked (opened ").append(kind.opened()).append(");");
            }
            sb.setLength(sb.length() - 1);
            sb.append('\n');
        }
        int listed = 0;
        for (ResourceSnapshot.SiteStats site : s.sites()) {
            if (listed++ == JsonReportFormatter.REPORTED_SITES || site.openNow() + site.collectedUnclosed() == 0) {
                continue;
            }
            sb.append("  ").append(site.kind()).append(" x").append(site.openNow()).append(" open, ").append(site.collectedUnclosed())
                    .append(" leaked (opened ").append(site.opened()).append(", closed ").append(site.closed()).append(") at ")
                    .append(site.site()).append(site.example() == null ? "" : "  e.g. " + site.example()).append('\n');
            for (int i = 1; i < site.stack().size(); i++) {
                sb.append("      at ").append(site.stack().get(i)).append('\n');
            }
        }
    }

    private static void threads(StringBuilder sb, ThreadSnapshot s) {
        if (s == null) {
            return;
        }
        sb.append("THREADS\n  alive from tracked starts ").append(s.alive()).append(", started since agent start ").append(s.tracked())
                .append('\n');
        int listed = 0;
        for (ThreadSnapshot.SiteStats site : s.sites()) {
            if (site.alive() == 0 || listed++ == 10) {
                break;
            }
            sb.append("  x").append(site.alive()).append(" alive (started ").append(site.started()).append(") ").append(site.states())
                    .append(" at ").append(site.site()).append(site.commonFrame() == null ? "" : "; most in " + site.commonFrame()).append('\n');
        }
    }

    /** {@code "  %-20s %12s  %s"}, without trailing blanks. */
    private static void row(StringBuilder sb, String name, String value, String detail) {
        int start = sb.length();
        sb.append("  ");
        padRight(sb, name, 20).append(' ');
        padLeft(sb, value, 12).append("  ").append(detail);
        int end = sb.length();
        while (end > start && Character.isWhitespace(sb.charAt(end - 1))) {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }

    /** {@code "    %10s  %-12s %s"}: an allocation site's figure, type and location. */
    private static void siteRow(StringBuilder sb, String amount, String type, String location) {
        sb.append("    ");
        padLeft(sb, amount, 10).append("  ");
        padRight(sb, type, 12).append(' ').append(location).append('\n');
    }

    private static StringBuilder padRight(StringBuilder sb, String s, int width) {
        sb.append(s);
        for (int i = s.length(); i < width; i++) {
            sb.append(' ');
        }
        return sb;
    }

    private static StringBuilder padLeft(StringBuilder sb, String s, int width) {
        for (int i = s.length(); i < width; i++) {
            sb.append(' ');
        }
        return sb.append(s);
    }

    private static String byType(Map<String, Long> byType) {
        if (byType.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("; ");
        byType.forEach((k, v) -> sb.append(k).append(' ').append(v).append(' '));
        return sb.toString().stripTrailing();
    }
}
