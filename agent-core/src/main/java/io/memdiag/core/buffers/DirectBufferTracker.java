package io.memdiag.core.buffers;

import io.memdiag.core.resources.StackCapture;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct ByteBuffers by the code that allocated them (ByteBuffer.allocateDirect), and how many
 * bytes of them are still reachable: the suspects NATIVE_GROWTH names when the direct pool grows.
 * Buffers are held weakly; a buffer whose object is gone has been, or will be, freed by its cleaner.
 */
public final class DirectBufferTracker {

    /** Buffers remembered per site (at most 128 sites); beyond it, new ones are only counted. */
    static final int PER_SITE = 1024;

    private final StackCapture stacks;
    private final int maxSites;
    private final ConcurrentHashMap<String, Site> sites = new ConcurrentHashMap<>();
    private final AtomicLong siteOverflow = new AtomicLong();

    public DirectBufferTracker(int maxSites) {
        this.maxSites = maxSites;
        this.stacks = new StackCapture(1, List.of());
    }

    /** One allocation site. */
    private static final class Site {
        final String frame;
        final List<Sized> buffers = new ArrayList<>();
        long allocated;
        long allocatedBytes;

        Site(String frame) {
            this.frame = frame;
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
        StackWalker.StackFrame frame = stacks.siteFrame();
        String key = frame == null ? "(allocated by the JDK itself)" : StackCapture.format(frame);
        Site site = sites.get(key);
        if (site == null) {
            if (sites.size() >= maxSites) {
                siteOverflow.incrementAndGet();
                return;
            }
            site = sites.computeIfAbsent(key, Site::new);
        }
        synchronized (site) {
            site.allocated++;
            site.allocatedBytes += bytes;
            if (site.buffers.size() >= PER_SITE) {
                site.buffers.removeIf(r -> r.get() == null);
            }
            if (site.buffers.size() < PER_SITE) {
                site.buffers.add(new Sized(buffer, bytes));
            }
        }
    }

    /**
     * @param site          {@code pkg.Class.method(File.java:line)}
     * @param allocated     buffers allocated there since start
     * @param allocatedBytes their capacity in all
     * @param liveCount     of the remembered ones, still reachable
     * @param liveBytes     their capacity
     */
    public record SiteStats(String site, long allocated, long allocatedBytes, long liveCount, long liveBytes) {
    }

    /** Sampler thread, once per report: sites by live bytes. */
    public List<SiteStats> snapshot() {
        List<SiteStats> stats = new ArrayList<>();
        for (Site site : sites.values()) {
            synchronized (site) {
                site.buffers.removeIf(r -> r.get() == null);
                long bytes = 0;
                for (Sized r : site.buffers) {
                    bytes += r.bytes;
                }
                stats.add(new SiteStats(site.frame, site.allocated, site.allocatedBytes, site.buffers.size(), bytes));
            }
        }
        stats.sort(Comparator.comparingLong(SiteStats::liveBytes).reversed());
        return stats;
    }

    public long siteOverflow() {
        return siteOverflow.get();
    }
}
