package io.memdiag.core.resources;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tracks resources from open to close: which site opened them, which are still open, and
 * which were garbage-collected without close().
 *
 * <p>{@link #opened} and {@link #closed} run on application threads inside the hooks (behind
 * the bridge's re-entrancy guard): they find the opening site with a short stack walk (as many
 * a second as {@link SiteWalkBudget} allows; beyond it, opens are tracked under their kind's
 * "site not looked up" record), take a full stack only when the site's once-a-second budget
 * allows, and put the entry into a lock-free bounded table. Unlike ring-buffer events this
 * path allocates (the phantom reference, the walk), which is small next to the system call of
 * an open. {@link #drain} runs on the sampler thread and turns collected-while-open entries
 * into leaks.
 */
public final class ResourceTracker {

    private final ResourceTable table;
    private final SiteTable sites;
    private final StackCapture stacks;
    private final SiteWalkBudget walks;
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final AtomicLong tracked = new AtomicLong();
    private final AtomicLong exhaustions = new AtomicLong();
    private volatile long historyGapMillis;

    /** As {@link io.memdiag.core.threads.ThreadTracker#historyGap}: reports closer than this share a history point. */
    public void historyGap(long millis) {
        historyGapMillis = millis;
    }

    /**
     * @param maxOpen  open resources tracked at once (overflow is counted, not tracked)
     * @param maxSites distinct opening sites (beyond it, one overflow site per kind)
     * @param depth    frames kept per site's stack
     */
    public ResourceTracker(int maxOpen, int maxSites, int depth) {
        this(maxOpen, maxSites, depth, List.of());
    }

    /**
     * @param libraryPrefixes packages or types (resources.track) whose own frames are not the
     *                        opening site either: for a JDBC statement, the site is the
     *                        application code that asked the driver for it, not the driver
     */
    public ResourceTracker(int maxOpen, int maxSites, int depth, List<String> libraryPrefixes) {
        this(maxOpen, maxSites, depth, libraryPrefixes, Integer.MAX_VALUE);
    }

    /** @param walksPerSecond opening sites looked up per second at most (resources.walks) */
    public ResourceTracker(int maxOpen, int maxSites, int depth, List<String> libraryPrefixes, int walksPerSecond) {
        this.table = new ResourceTable(maxOpen);
        this.sites = new SiteTable(maxSites);
        this.stacks = new StackCapture(depth, libraryPrefixes);
        this.walks = new SiteWalkBudget(walksPerSecond);
    }

    /** A resource was opened: track it unless it already is (nested constructors open once). */
    public void opened(int kindCode, Object resource, String description) {
        ResourceKind kind = ResourceKind.of(kindCode);
        if (kind == null || resource == null) {
            return;
        }
        int hash = System.identityHashCode(resource);
        if (table.contains(resource, hash)) {
            return;
        }
        long now = System.nanoTime();
        Site site;
        // A RandomAccessFile is always looked up: only its site tells a ZipFile's own (counted
        // with the ZipFile) from the application's, and few programs open them at a high rate.
        if (kind == ResourceKind.RANDOM_ACCESS_FILE || walks.mayWalk(now)) {
            StackWalker.StackFrame frame = stacks.siteFrame();
            if (StackCapture.ownedByAnother(frame)) {
                return; // counted as part of its owner, e.g. a ZipFile's RandomAccessFile
            }
            site = sites.site(frame, kind);
            if (site.wantsStack(now)) {
                site.stack(stacks.stack(), now);
            }
        } else {
            site = sites.unattributed(kind);
        }
        site.opened.incrementAndGet();
        site.example(description);
        tracked.incrementAndGet();
        for (int attempt = 0; attempt < 4; attempt++) {
            int slot = table.freeSlot(hash);
            if (slot < 0) {
                site.closed.incrementAndGet(); // untracked: keep the site's open count honest
                return;
            }
            TrackedResource r = new TrackedResource(resource, queue, site, description, Thread.currentThread().getId(), slot);
            if (table.claim(slot, r)) {
                return;
            }
            r.clear();
        }
        site.closed.incrementAndGet();
    }

    /** A resource was closed (any number of times): forget it. */
    public void closed(Object resource) {
        if (resource == null) {
            return;
        }
        TrackedResource r = table.remove(resource, System.identityHashCode(resource));
        if (r != null) {
            r.site.closed.incrementAndGet();
            r.clear();
        }
    }

    /** A tracked socket connected or bound: its address describes it, and its site's example. */
    public void described(Object resource, String description) {
        if (resource == null) {
            return;
        }
        TrackedResource r = table.find(resource, System.identityHashCode(resource));
        if (r != null) {
            r.description = description;
            r.site.describe(description);
        }
    }

    /** An open failed with "Too many open files". */
    public void exhausted() {
        exhaustions.incrementAndGet();
    }

    /** Sampler thread: entries whose resource was collected while still open become leaks. */
    public int drain() {
        int leaks = 0;
        Reference<?> ref;
        while ((ref = queue.poll()) != null) {
            TrackedResource r = (TrackedResource) ref;
            if (table.removeCollected(r)) {
                r.site.collectedUnclosed.incrementAndGet();
                leaks++;
            }
        }
        return leaks;
    }

    /**
     * A consistent-enough view for one report. Each call also records every site's open count,
     * so successive reports show whether a site's open resources keep growing.
     */
    public ResourceSnapshot snapshot() {
        long now = System.currentTimeMillis();
        List<Site> all = sites.all();
        all.sort(Comparator.comparingLong(Site::collectedUnclosed).thenComparingLong(Site::openNow).reversed());
        List<ResourceSnapshot.SiteStats> stats = new ArrayList<>(all.size());
        for (Site s : all) {
            stats.add(stats(s, now));
        }
        List<ResourceSnapshot.SiteStats> unattributed = new ArrayList<>();
        for (Site s : sites.unattributed()) {
            unattributed.add(stats(s, now));
        }
        return new ResourceSnapshot(now, tracked.get(), table.overflow(), sites.overflowed(),
                table.oldestOpenedAtMillis(), exhaustions.get(), stats, unattributed, walks.perSecond());
    }

    private ResourceSnapshot.SiteStats stats(Site s, long now) {
        long open = s.openNow();
        return new ResourceSnapshot.SiteStats(s.frame(), s.kind(), s.example(), s.opened(), s.closed(),
                s.collectedUnclosed(), open, s.stack(), s.openHistory.record(open, now, historyGapMillis));
    }
}
