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
        sb.append(String.format("==== memdiag report #%d (%s) pid %d, uptime %s, Java %s, %s ====%n",
                r.sequence(), r.reason(), r.pid(), Units.duration(m.uptimeMillis()),
                r.jvm().javaVersion(), r.jvm().collector()));
        verdicts(sb, r);
        memory(sb, m);
        resources(sb, r.resources());
        threads(sb, r.threads());
        allocations(sb, r.allocations());
        sb.append("EVENTS\n");
        EventStats e = r.events();
        sb.append(String.format("  published %d, drained %d, dropped %d (ring of %d slots)%s%n",
                e.published(), e.drained(), e.dropped(), e.capacity(), byType(e.byType())));
        sb.append(String.format("  GC cycles seen %d (kept %d, compacted %d)%n",
                r.gc().cycles(), r.gc().kept(), r.gc().compacted()));
        sb.append(String.format("  agent: %d samples, sampler CPU %d ms in all, %s per sample%n",
                r.agent().samples(), r.agent().samplerCpuNanos() / 1_000_000,
                r.agent().cpuMicrosPerSample() < 0 ? "n/a" : r.agent().cpuMicrosPerSample() + " us"));
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
        sb.append(String.format("ALLOCATIONS (sampled every %s on average%s; %d samples, %d sites instrumented)%n",
                Units.bytes(a.rate()), a.effectiveRate() > a.rate() ? ", throttled to every " + Units.bytes(a.effectiveRate()) : "",
                a.samples(), a.sitesKnown()));
        sb.append("  by allocated bytes:\n");
        for (AllocationSnapshot.SiteStats s : a.byAllocated().subList(0, Math.min(5, a.byAllocated().size()))) {
            sb.append(String.format("    %10s  %-12s %s%n", Units.bytes(s.allocatedBytes()), s.site().type(), s.site().location()));
        }
        sb.append("  by live bytes (sampled objects not collected yet):\n");
        for (AllocationSnapshot.SiteStats s : a.byLive().subList(0, Math.min(5, a.byLive().size()))) {
            sb.append(String.format("    %10s  %-12s %s%n", Units.bytes(s.liveBytes()), s.site().type(), s.site().location()));
        }
        if (a.evicted() > 0 || a.sitesRefused() > 0 || a.throttled() > 0 || a.stacksDropped() > 0 || a.notFollowed() > 0) {
            sb.append(String.format("  bounded tables: %d live samples held of %d (%d evicted, %d too large to follow); %d sites refused beyond %d;"
                    + " %d samples throttled; %d stacks dropped%n", a.liveHeld(), a.liveCapacity(), a.evicted(), a.notFollowed(),
                    a.sitesRefused(), a.siteCapacity(), a.throttled(), a.stacksDropped()));
        }
    }

    private static void verdicts(StringBuilder sb, Report r) {
        sb.append("VERDICTS\n");
        if (r.verdicts().isEmpty()) {
            sb.append("  none: no leak found and no memory held far beyond live data\n");
        }
        for (Verdict v : r.verdicts()) {
            sb.append(String.format("  [%s] %s: %s%n", v.severity(), v.kind(), v.summary()));
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
            return String.format(java.util.Locale.ROOT, "%.3f", n.doubleValue());
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
            row(sb, "RSS", Units.bytes(p.rss()), String.format("anon %s, file %s, shmem %s; swap %s; peak %s",
                    Units.bytes(p.rssAnon()), Units.bytes(p.rssFile()), Units.bytes(p.rssShmem()),
                    Units.bytes(p.swap()), Units.bytes(p.hwm())));
            row(sb, "outside heap", Units.bytes(Math.max(0, p.rss() - m.heapCommitted())),
                    "RSS - heap committed: metaspace, code, threads, buffers, malloc");
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
        sb.append(String.format("RESOURCES%n  open now %d, garbage-collected without close %d, tracked since start %d%s%n",
                s.openNow(), s.collectedUnclosed(), s.tracked(),
                s.tableOverflow() + s.siteOverflow() > 0
                        ? String.format(" (not tracked: %d table full, %d site table full)", s.tableOverflow(), s.siteOverflow()) : ""));
        int listed = 0;
        for (ResourceSnapshot.SiteStats site : s.sites()) {
            if (listed++ == JsonReportFormatter.REPORTED_SITES || site.openNow() + site.collectedUnclosed() == 0) {
                continue;
            }
            sb.append(String.format("  %s x%d open, %d leaked (opened %d, closed %d) at %s%s%n", site.kind(), site.openNow(),
                    site.collectedUnclosed(), site.opened(), site.closed(), site.site(),
                    site.example() == null ? "" : "  e.g. " + site.example()));
            for (int i = 1; i < site.stack().size(); i++) {
                sb.append("      at ").append(site.stack().get(i)).append('\n');
            }
        }
    }

    private static void threads(StringBuilder sb, ThreadSnapshot s) {
        if (s == null) {
            return;
        }
        sb.append(String.format("THREADS%n  alive from tracked starts %d, started since agent start %d%n", s.alive(), s.tracked()));
        int listed = 0;
        for (ThreadSnapshot.SiteStats site : s.sites()) {
            if (site.alive() == 0 || listed++ == 10) {
                break;
            }
            sb.append(String.format("  x%d alive (started %d) %s at %s%s%n", site.alive(), site.started(), site.states(),
                    site.site(), site.commonFrame() == null ? "" : "; most in " + site.commonFrame()));
        }
    }

    private static void row(StringBuilder sb, String name, String value, String detail) {
        sb.append(String.format("  %-20s %12s  %s%n", name, value, detail).stripTrailing()).append('\n');
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
