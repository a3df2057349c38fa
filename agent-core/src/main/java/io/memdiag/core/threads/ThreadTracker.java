package io.memdiag.core.threads;

import io.memdiag.core.resources.FrameKey;
import io.memdiag.core.resources.StackCapture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which code starts threads and how many of them are still alive: the JVM's goroutine leak
 * (executors created per request and never shut down, threads parked forever).
 *
 * <p>{@link #started} runs on the starting thread, inside the Thread.start hook: a short stack
 * walk finds the site (the first frame outside the JDK and the agent: for an executor, the code
 * that submitted the task which made it start a worker), and the thread is remembered weakly.
 * A thread start costs tens of microseconds, so the walk is small beside it. Liveness is read
 * only when a report is built.
 */
public final class ThreadTracker {

    /** Threads remembered per site (at most 128 sites: 64k weak references, ~3 MB, in the worst case); beyond it finished ones are pruned, then new ones only counted. */
    static final int PER_SITE = 512;
    /** Alive threads sampled per site for their states and common frame. */
    static final int STATE_SAMPLE = 32;
    /** Distinct starting frames remembered, per site allowed: beyond, frames are formatted each time. */
    static final int FRAMES_PER_SITE = 4;

    private final StackCapture stacks;
    private final int maxSites;
    private final ConcurrentHashMap<String, ThreadSite> sites = new ConcurrentHashMap<>();
    /** Starting frames already resolved to their site; at most {@link #FRAMES_PER_SITE} per site on average. */
    private final ConcurrentHashMap<FrameKey, ThreadSite> byFrame = new ConcurrentHashMap<>();
    private final AtomicLong tracked = new AtomicLong();
    private final AtomicLong siteOverflow = new AtomicLong();

    private volatile long historyGapMillis;

    /**
     * Reports closer together than this (a shutdown report right after an interval one) update
     * the last point of a site's history instead of adding one, so "rising at each report" means
     * rising across report intervals.
     */
    public void historyGap(long millis) {
        historyGapMillis = millis;
    }

    public ThreadTracker(int maxSites, int depth) {
        this.maxSites = maxSites;
        this.stacks = new StackCapture(depth, List.of());
    }

    public void started(Thread thread) {
        tracked.incrementAndGet();
        StackWalker.StackFrame frame = stacks.siteFrame();
        ThreadSite site = frame == null ? siteNamed("(started by the JDK itself)") : siteOf(frame);
        if (site == null) {
            return; // beyond maxSites: counted
        }
        if (!site.hasStack()) {
            site.stack(stacks.stack());
        }
        site.started(thread, PER_SITE);
    }

    /**
     * The site by the frame's class, method and bytecode index, which cost nothing to read.
     * Formatting the frame (file and line: a StackTraceElement) on every thread start cost more
     * than the walk, and its compilation was one of the largest the JIT made for the agent; it
     * is done once per new frame, and frames on the same line share one site.
     */
    private ThreadSite siteOf(StackWalker.StackFrame frame) {
        FrameKey key = FrameKey.of(frame);
        ThreadSite site = byFrame.get(key);
        if (site != null) {
            return site;
        }
        site = siteNamed(StackCapture.format(frame));
        if (site != null && byFrame.size() < maxSites * FRAMES_PER_SITE) {
            byFrame.putIfAbsent(key, site);
        }
        return site;
    }

    private ThreadSite siteNamed(String name) {
        ThreadSite site = sites.get(name);
        if (site == null) {
            if (sites.size() >= maxSites) {
                siteOverflow.incrementAndGet();
                return null;
            }
            site = sites.computeIfAbsent(name, ThreadSite::new);
        }
        return site;
    }

    /** Sampler thread, once per report: alive counts, states, and where the alive ones sit. */
    public ThreadSnapshot snapshot() {
        List<ThreadSnapshot.SiteStats> stats = new ArrayList<>();
        for (ThreadSite site : sites.values()) {
            List<Thread> alive = site.alive();
            Map<String, Long> states = new LinkedHashMap<>();
            Map<String, Long> frames = new LinkedHashMap<>();
            for (int i = 0; i < alive.size(); i++) {
                Thread t = alive.get(i);
                states.merge(t.getState().name(), 1L, Long::sum);
                if (i < STATE_SAMPLE) {
                    StackTraceElement[] trace = t.getStackTrace();
                    if (trace.length > 0) {
                        frames.merge(trace[0].getClassName() + "." + trace[0].getMethodName(), 1L, Long::sum);
                    }
                }
            }
            String common = frames.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            stats.add(new ThreadSnapshot.SiteStats(site.frame, site.started(), alive.size(), states, common, site.stack(),
                    site.aliveHistory.record(alive.size(), System.currentTimeMillis(), historyGapMillis)));
        }
        stats.sort(Comparator.comparingLong(ThreadSnapshot.SiteStats::alive).reversed());
        return new ThreadSnapshot(tracked.get(), siteOverflow.get(), stats);
    }
}
