package io.memdiag.core.report;

import io.memdiag.core.alloc.AllocationSnapshot;
import io.memdiag.core.analysis.JvmFacts;
import io.memdiag.core.analysis.Verdict;
import io.memdiag.core.model.CgroupMemory;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;
import io.memdiag.core.resources.ResourceSnapshot;
import io.memdiag.core.threads.ThreadSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a {@link Report} as one line of JSON: the machine-readable contract. */
public final class JsonReportFormatter {

    /** Bumped when a field changes meaning or disappears; adding fields does not bump it. */
    public static final int SCHEMA_VERSION = 1;

    public String format(Report r) {
        Map<String, Object> root = new LinkedHashMap<>();
        MemorySample m = r.memory();
        root.put("schema", SCHEMA_VERSION);
        root.put("time", utc(m.epochMillis()));
        root.put("pid", r.pid());
        root.put("uptimeMs", m.uptimeMillis());
        root.put("sequence", r.sequence());
        root.put("reason", r.reason());
        root.put("jvm", jvm(r.jvm()));
        root.put("memory", memory(m));
        root.put("gc", gc(r.gc()));
        List<Object> verdicts = new ArrayList<>();
        for (Verdict v : r.verdicts()) {
            verdicts.add(verdict(v));
        }
        root.put("verdicts", verdicts);
        root.put("dropped", r.events().dropped());
        root.put("events", events(r.events()));
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("samples", r.agent().samples());
        agent.put("samplerCpuMs", r.agent().samplerCpuNanos() / 1_000_000);
        agent.put("cpuMicrosPerSample", known(r.agent().cpuMicrosPerSample()));
        root.put("agent", agent);
        root.put("resources", resources(r.resources()));
        root.put("threads", threads(r.threads()));
        List<Object> buffers = new ArrayList<>();
        for (io.memdiag.core.buffers.DirectBufferTracker.SiteStats b : r.directBufferSites()) {
            if (buffers.size() == REPORTED_SITES) {
                break;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("site", b.site());
            e.put("allocated", b.allocated());
            e.put("allocatedBytes", b.allocatedBytes());
            e.put("liveCount", b.liveCount());
            e.put("liveBytes", b.liveBytes());
            buffers.add(e);
        }
        root.put("directBufferSites", buffers);
        root.put("allocations", allocations(r.allocations()));
        root.put("notes", r.notes());
        return Json.write(root);
    }

    /** Null when allocation sampling is off. */
    private static Map<String, Object> allocations(AllocationSnapshot a) {
        if (a == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", a.rate());
        m.put("effectiveRate", a.effectiveRate());
        m.put("maxSamplesPerSecond", a.maxPerSecond());
        m.put("samples", a.samples());
        m.put("throttled", a.throttled());
        m.put("sites", a.sitesKnown());
        m.put("sitesRefused", a.sitesRefused());
        m.put("siteCapacity", a.siteCapacity());
        m.put("liveCapacity", a.liveCapacity());
        m.put("liveHeld", a.liveHeld());
        m.put("evicted", a.evicted());
        m.put("notFollowed", a.notFollowed());
        m.put("stacksDropped", a.stacksDropped());
        m.put("byAllocated", allocationSites(a.byAllocated()));
        m.put("byLive", allocationSites(a.byLive()));
        return m;
    }

    private static List<Object> allocationSites(List<AllocationSnapshot.SiteStats> sites) {
        List<Object> list = new ArrayList<>();
        for (AllocationSnapshot.SiteStats s : sites) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("site", s.site().location());
            e.put("type", s.site().type());
            e.put("allocatedBytes", s.allocatedBytes());
            e.put("allocatedObjects", s.allocatedObjects());
            e.put("samples", s.samples());
            e.put("liveBytes", s.liveBytes());
            e.put("liveObjects", s.liveObjects());
            List<Object> stacks = new ArrayList<>(s.stacks());
            e.put("stacks", stacks);
            e.put("threads", new ArrayList<Object>(s.threads()));
            list.add(e);
        }
        return list;
    }

    private static Map<String, Object> jvm(JvmFacts j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", j.javaVersion());
        m.put("feature", j.featureVersion());
        m.put("collector", j.collector());
        m.put("initialHeap", known(j.initialHeap()));
        m.put("maxHeap", known(j.maxHeap()));
        return m;
    }

    static Map<String, Object> memory(MemorySample s) {
        ProcessMemory p = s.process();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("liveAfterGc", known(s.liveAfterGc()));
        m.put("heapUsed", known(s.heapUsed()));
        m.put("heapCommitted", known(s.heapCommitted()));
        m.put("heapMax", known(s.heapMax()));
        m.put("rss", known(p.rss()));
        m.put("rssAnon", known(p.rssAnon()));
        m.put("rssFile", known(p.rssFile()));
        m.put("rssShmem", known(p.rssShmem()));
        m.put("swap", known(p.swap()));
        m.put("rssPeak", known(p.hwm()));
        m.put("pss", known(p.pss()));
        m.put("outsideHeap", known(s.outsideHeap()));
        m.put("nonHeapCommitted", known(s.nonHeapCommitted()));
        m.put("nonHeapPools", s.nonHeapPools());
        m.put("directBuffers", known(s.directBuffers()));
        m.put("mappedBuffers", known(s.mappedBuffers()));
        m.put("threads", s.threads());
        m.put("openFds", known(s.openFds()));
        m.put("fdLimit", known(s.fdLimit()));
        m.put("cgroup", cgroup(s.cgroup()));
        return m;
    }

    private static Map<String, Object> cgroup(CgroupMemory c) {
        if (c == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", c.version());
        m.put("path", c.path());
        m.put("limit", c.limited() ? c.limit() : null);
        m.put("usage", known(c.usage()));
        m.put("oomKills", known(c.oomKills()));
        return m;
    }

    private static Map<String, Object> gc(Report.GcStats g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cycles", g.cycles());
        m.put("kept", g.kept());
        m.put("compacted", g.compacted());
        List<Object> floors = new ArrayList<>();
        for (io.memdiag.core.model.GcPoint p : g.floors()) {
            floors.add(List.of(p.uptimeMillis(), p.heapUsedAfter(), p.oldCollected() ? 1 : 0));
        }
        m.put("floors", floors);
        return m;
    }

    private static Map<String, Object> verdict(Verdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", v.kind());
        m.put("severity", v.severity());
        m.put("summary", v.summary());
        m.put("evidence", v.evidence());
        m.put("advice", v.advice());
        m.put("sites", v.sites());
        return m;
    }

    /** Sites listed per report at most; the counters cover all of them. */
    static final int REPORTED_SITES = 20;

    private static Map<String, Object> resources(ResourceSnapshot s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tracked", s.tracked());
        m.put("openNow", s.openNow());
        m.put("collectedUnclosed", s.collectedUnclosed());
        m.put("oldestOpenMs", s.oldestOpenAtMillis() < 0 ? null : Math.max(0, s.takenAtMillis() - s.oldestOpenAtMillis()));
        m.put("tableOverflow", s.tableOverflow());
        m.put("siteOverflow", s.siteOverflow());
        m.put("walksPerSecond", s.walksPerSecond());
        m.put("notAttributed", s.notAttributed());
        List<Object> unattributed = new ArrayList<>();
        for (ResourceSnapshot.SiteStats kind : s.unattributed()) {
            unattributed.add(counts(new LinkedHashMap<>(), kind));
        }
        m.put("notAttributedByKind", unattributed);
        List<Object> sites = new ArrayList<>();
        for (ResourceSnapshot.SiteStats site : s.sites()) {
            if (sites.size() == REPORTED_SITES) {
                break;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("site", site.site());
            counts(e, site);
            e.put("example", site.example());
            e.put("stack", site.stack());
            sites.add(e);
        }
        m.put("sites", sites);
        return m;
    }

    /** A site's or a kind's counts: what both the sites and the opens without a site report. */
    private static Map<String, Object> counts(Map<String, Object> m, ResourceSnapshot.SiteStats s) {
        m.put("kind", s.kind());
        m.put("opened", s.opened());
        m.put("closed", s.closed());
        m.put("collectedUnclosed", s.collectedUnclosed());
        m.put("openNow", s.openNow());
        return m;
    }

    private static Map<String, Object> threads(ThreadSnapshot s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tracked", s.tracked());
        m.put("alive", s.alive());
        m.put("siteOverflow", s.siteOverflow());
        List<Object> sites = new ArrayList<>();
        for (ThreadSnapshot.SiteStats site : s.sites()) {
            if (sites.size() == REPORTED_SITES) {
                break;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("site", site.site());
            e.put("started", site.started());
            e.put("alive", site.alive());
            e.put("states", site.states());
            e.put("commonFrame", site.commonFrame());
            e.put("stack", site.stack());
            sites.add(e);
        }
        m.put("sites", sites);
        return m;
    }

    private static Map<String, Object> events(EventStats e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("published", e.published());
        m.put("dropped", e.dropped());
        m.put("drained", e.drained());
        m.put("ringCapacity", e.capacity());
        m.put("byType", e.byType());
        return m;
    }

    /** Unknown figures are -1 inside the agent and null in the report. */
    private static Long known(long v) {
        return v < 0 ? null : v;
    }

    /**
     * The sample's time as the human log stamps its lines ({@code 2026-12-02T03:15:07.042Z}), not
     * {@code Instant.toString()}: that initialises {@code DateTimeFormatter} and its dozens of
     * predefined formats in the host, for one fixed format.
     */
    private static String utc(long epochMillis) {
        StringBuilder sb = new StringBuilder(24);
        LineLayout.appendUtc(sb, epochMillis);
        return sb.toString();
    }
}
