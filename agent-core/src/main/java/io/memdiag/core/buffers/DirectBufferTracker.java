package io.memdiag.core.buffers;

import io.memdiag.core.resources.FrameKey;
import io.memdiag.core.resources.SiteWalkBudget;
import io.memdiag.core.resources.StackCapture;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Direct ByteBuffers by the code that allocated them (ByteBuffer.allocateDirect), and how many
 * bytes of them are still reachable: the suspects NATIVE_GROWTH names when the direct pool grows.
 * Buffers are held weakly; a buffer whose object is gone has been, or will be, freed by its cleaner.
 *
 * <p>{@link #allocated} runs on the allocating thread: no lock (counters and a compare-and-set
 * into a slot), the site found by the frame's identity (formatted once per frame), and the
 * walk that finds the frame rationed by the same budget as resource opens (resources.walks):
 * beyond it an allocation is counted under {@link #UNATTRIBUTED}.
 */
public final class DirectBufferTracker {

    /** Buffers remembered per site (at most {@code maxSites} sites); beyond, new ones are only counted. */
    static final int PER_SITE = 1024;
    /** Slots tried from an allocation's starting slot before it is only counted. */
    static final int PROBES = 16;
    static final String UNKNOWN = "(allocated by the JDK itself)";
    static final String UNATTRIBUTED = "(site not looked up: beyond resources.walks)";

    private final StackCapture stacks = new StackCapture(1, List.of());
    private final SiteWalkBudget walks;
    private final int maxSites;
    /** Sites by their text: two frames on one line are one site. */
    private final ConcurrentHashMap<String, Site> sites = new ConcurrentHashMap<>();
    /** Frames already resolved to their site, so an allocation formats its frame only the first time. */
    private final ConcurrentHashMap<FrameKey, Site> byFrame = new ConcurrentHashMap<>();
    private final Site unattributed = new Site(UNATTRIBUTED);
    private final AtomicLong siteOverflow = new AtomicLong();

    /** Every allocation's site looked up (tests). */
    public DirectBufferTracker(int maxSites) {
        this(maxSites, Integer.MAX_VALUE);
    }

    /** @param walksPerSecond allocation sites looked up per second at most (resources.walks) */
    public DirectBufferTracker(int maxSites, int walksPerSecond) {
        this.maxSites = maxSites;
        this.walks = new SiteWalkBudget(walksPerSecond);
    }

    /** One allocation site: counters, and up to {@link #PER_SITE} of its buffers, weakly. */
    private static final class Site {
        final String frame;
        final AtomicReferenceArray<Sized> buffers = new AtomicReferenceArray<>(PER_SITE);
        final AtomicLong allocated = new AtomicLong();
        final AtomicLong allocatedBytes = new AtomicLong();

        Site(String frame) {
            this.frame = frame;
        }

        /** Into a free slot near where the allocation count points: a few tries, never a scan of all. */
        void remember(Object buffer, long bytes, long sequence) {
            Sized ref = null;
            for (int i = 0; i < PROBES; i++) {
                int slot = (int) ((sequence + i) & (PER_SITE - 1));
                Sized old = buffers.get(slot);
                if (old == null || old.refersTo(null)) {
                    if (ref == null) {
                        ref = new Sized(buffer, bytes);
                    }
                    if (buffers.compareAndSet(slot, old, ref)) {
                        return;
                    }
                }
            }
        }
    }

    /** A weak reference that remembers its buffer's capacity. */
    private static final class Sized extends WeakReference<Object> {
        final long bytes;

        Sized(Object buffer, long bytes) {
            super(buffer);
            this.bytes = bytes;
        }
    }

    /** On the allocating thread, inside the hook. */
    public void allocated(Object buffer, long bytes) {
        Site site = walks.mayWalk(System.nanoTime()) ? site(stacks.siteFrame()) : unattributed;
        if (site == null) {
            siteOverflow.incrementAndGet();
            return;
        }
        long sequence = site.allocated.getAndIncrement();
        site.allocatedBytes.addAndGet(bytes);
        site.remember(buffer, bytes, sequence);
    }

    /** The site of this frame, or null when the site table is full. */
    private Site site(StackWalker.StackFrame frame) {
        if (frame == null) {
            return site(UNKNOWN);
        }
        FrameKey key = FrameKey.of(frame);
        Site s = byFrame.get(key);
        if (s == null) {
            s = site(StackCapture.format(frame));
            if (s != null && byFrame.size() < maxSites * 4) {
                byFrame.putIfAbsent(key, s);
            }
        }
        return s;
    }

    private Site site(String text) {
        Site s = sites.get(text);
        if (s == null && sites.size() < maxSites) {
            s = sites.computeIfAbsent(text, Site::new);
        }
        return s;
    }

    /**
     * @param site          {@code pkg.Class.method(File.java:line)}, or {@link #UNATTRIBUTED}
     * @param allocated     buffers allocated there since start
     * @param allocatedBytes their capacity in all
     * @param liveCount     of the remembered ones, still reachable
     * @param liveBytes     their capacity
     */
    public record SiteStats(String site, long allocated, long allocatedBytes, long liveCount, long liveBytes) {

        /** A code location, not the allocations whose site was not looked up. */
        public boolean attributed() {
            return !UNATTRIBUTED.equals(site);
        }
    }

    /** Sampler thread, once per report: sites by live bytes. */
    public List<SiteStats> snapshot() {
        List<SiteStats> stats = new ArrayList<>();
        for (Site site : sites.values()) {
            stats.add(stats(site));
        }
        if (unattributed.allocated.get() > 0) {
            stats.add(stats(unattributed));
        }
        stats.sort(Comparator.comparingLong(SiteStats::liveBytes).reversed());
        return stats;
    }

    private static SiteStats stats(Site site) {
        long count = 0;
        long bytes = 0;
        for (int i = 0; i < PER_SITE; i++) {
            Sized r = site.buffers.get(i);
            if (r != null && !r.refersTo(null)) {
                count++;
                bytes += r.bytes;
            }
        }
        return new SiteStats(site.frame, site.allocated.get(), site.allocatedBytes.get(), count, bytes);
    }

    public long siteOverflow() {
        return siteOverflow.get();
    }
}
