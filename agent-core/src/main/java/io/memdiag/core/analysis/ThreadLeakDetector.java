package io.memdiag.core.analysis;

import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.Units;
import io.memdiag.core.threads.ThreadSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code THREAD_LEAK}: threads started at one place keep accumulating. The JVM's goroutine leak:
 * an executor created per request and never shut down, threads parked forever on a queue.
 *
 * <p>Fires when, at some starting site, the threads alive rose at each of the last
 * {@link #POINTS} reports and by at least {@link #MIN_RISE} in all. A fixed pool that warms up
 * to its size stops rising; short-lived threads are never alive for long: neither fires.
 */
public final class ThreadLeakDetector implements Detector {

    static final int POINTS = 4;
    static final long MIN_RISE = 8;
    static final int SITES_NAMED = 5;
    /** HotSpot's default stack on 64-bit Linux when ThreadStackSize is 0 (the platform default). */
    static final long DEFAULT_STACK_BYTES = 1024 * 1024;

    @Override
    public Optional<Verdict> detect(AnalysisInput input) {
        ThreadSnapshot t = input.threads();
        if (t == null) {
            return Optional.empty();
        }
        List<ThreadSnapshot.SiteStats> growing = new ArrayList<>();
        for (ThreadSnapshot.SiteStats s : t.sites()) {
            if (growing.size() < SITES_NAMED && s.growing(POINTS, MIN_RISE)) {
                growing.add(s);
            }
        }
        if (growing.isEmpty()) {
            return Optional.empty();
        }
        long stackBytes = stackBytes(input.jvm());
        long aliveAtSites = 0;
        for (ThreadSnapshot.SiteStats s : growing) {
            aliveAtSites += s.alive();
        }
        MemorySample last = input.samples().isEmpty() ? null : input.samples().get(input.samples().size() - 1);
        ThreadSnapshot.SiteStats top = growing.get(0);
        long[] h = top.aliveHistory();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("liveThreads", last == null ? null : last.threads());
        evidence.put("aliveAtGrowingSites", aliveAtSites);
        evidence.put("growingSites", growing.size());
        evidence.put("aliveBefore", h[h.length - POINTS]);
        evidence.put("aliveNow", top.alive());
        evidence.put("startedAtTopSite", top.started());
        evidence.put("statesAtTopSite", top.states().toString());
        evidence.put("commonFrameAtTopSite", top.commonFrame());
        evidence.put("stackBytesReserved", aliveAtSites * stackBytes);
        String summary = "Threads started at " + top.site() + " keep accumulating: " + top.alive() + " alive, up from "
                + h[h.length - POINTS] + " " + (POINTS - 1) + " reports ago"
                + (top.commonFrame() == null ? "" : ", most waiting in " + top.commonFrame())
                + "; " + Units.bytes(aliveAtSites * stackBytes) + " of stack reserved";
        List<String> sites = new ArrayList<>();
        for (ThreadSnapshot.SiteStats s : growing) {
            sites.add(s.site());
        }
        List<String> advice = List.of(
                "An executor created per call and never shut down keeps its threads forever: share one executor, or shut it down"
                        + " (try { ... } finally { executor.shutdown(); }; from JDK 19 an ExecutorService is AutoCloseable).",
                "Threads parked on a queue or lock that nothing will ever signal are stuck: confirm with `jcmd <pid> Thread.print`"
                        + " and look for many threads with the same stack.",
                "Each thread reserves a stack (-Xss, here about " + Units.bytes(stackBytes) + ") and keeps whatever its"
                        + " ThreadLocals and task reference: the memory grows with the count.");
        return Optional.of(new Verdict(VerdictKind.THREAD_LEAK, Severity.WARNING, summary, evidence, advice, sites));
    }

    static long stackBytes(JvmFacts jvm) {
        long kb = jvm.longFlag("ThreadStackSize", 0);
        return kb > 0 ? kb * 1024 : DEFAULT_STACK_BYTES;
    }
}
