package io.memdiag.core.history;

import io.memdiag.core.model.GcPoint;
import io.memdiag.core.model.MemorySample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounded memory of the agent: recent samples plus GC cycles spanning the whole run.
 *
 * <p>Samples cover a fixed span, the older ones thinned ({@link SampleHistory}): "is memory
 * held right now" needs the recent ones, trends a few points a minute. GC cycles are what a
 * leak trend is computed from, so they must cover the whole run even after weeks, in fixed
 * memory. They are kept in two tiers:
 * <ul>
 *   <li>the most recent cycles, as they came;</li>
 *   <li>an archive of older ones at a uniform stride: every {@code stride} consecutive cycles
 *       become one point, the one with the lowest heap after GC (the floor is the honest live
 *       estimate), marked as an old-generation reclamation if any of them was. When the
 *       archive fills, adjacent pairs merge the same way and the stride doubles.</li>
 * </ul>
 * So the whole run stays visible at a resolution that coarsens evenly with its length.
 *
 * <p>Used by the sampler thread and by a report asked for from another thread (attach,
 * shutdown), under the engine's lock; never by application threads, so a monitor is acceptable
 * here.
 */
public final class History {

    private final int recentCapacity;
    private final int archiveCapacity;
    private final SampleHistory samples;
    private final ArrayDeque<GcPoint> recent;
    private final ArrayList<GcPoint> archive;
    private int stride = 1;
    private GcPoint pending;
    private int pendingCount;
    private long gcCyclesSeen;
    private long gcPointsCompacted;
    private GcPoint lastGc;
    private GcPoint lastYoungEmptied;

    /**
     * @param sampleCapacity sampling intervals covered by the samples kept
     * @param gcCapacity     GC points kept in all: half recent, half archive
     */
    public History(int sampleCapacity, int gcCapacity) {
        if (sampleCapacity < 1 || gcCapacity < 4) {
            throw new IllegalArgumentException("capacities too small: " + sampleCapacity + ", " + gcCapacity);
        }
        this.recentCapacity = gcCapacity / 2;
        this.archiveCapacity = gcCapacity - recentCapacity;
        this.samples = new SampleHistory(sampleCapacity);
        this.recent = new ArrayDeque<>(Math.min(recentCapacity, 1024));
        this.archive = new ArrayList<>(Math.min(archiveCapacity, 1024));
    }

    /**
     * Adds the newest sample. The ones before it lose their per-pool breakdown, which only the
     * newest sample's report shows (see {@link SampleRing}); older ones are thinned
     * ({@link SampleHistory}).
     */
    public synchronized void addSample(MemorySample sample) {
        samples.add(sample);
    }

    /**
     * Adds a GC cycle. Whether it reclaimed the old generation is decided here, where the
     * cycles are seen in order, before the archive can merge its neighbours away: young
     * collections only ever add to the old generation, so a smaller old generation than after
     * the previous collection means old regions were reclaimed (G1 mixed collections, cleanup),
     * and the collection after a G1 concurrent cycle's end is the first to show its effect.
     * Compared with the previous collection, not with the same pause's "before": G1's young
     * pauses free dead humongous objects allocated since, which shrinks the old pool within a
     * pause without touching the garbage promoted into it (see HeapPools). What remains is a
     * humongous object that outlived the previous collection and died since, which
     * {@link GcPoint#oldReclaimed}'s threshold keeps below a reclamation unless it is large.
     */
    public synchronized void addGc(GcPoint point) {
        gcCyclesSeen++;
        GcPoint previous = lastGc;
        boolean reclaimed = point.oldCollected()
                || previous != null && previous.concurrentPhase()
                || previous != null && previous.oldUsedAfter() >= 0 && point.oldUsedAfter() >= 0
                        && GcPoint.oldReclaimed(previous.oldUsedAfter(), point.oldUsedAfter());
        GcPoint marked = point.withOldCollected(reclaimed && !point.concurrentPhase());
        lastGc = point;
        if (!point.concurrentPhase() && !point.pauseOnly()) {
            lastYoungEmptied = point;
        }
        if (recent.size() == recentCapacity) {
            archive(recent.removeFirst());
        }
        recent.addLast(marked);
    }

    /**
     * Adds the latest collection of a polled collector ({@code GcPoller}), standing for
     * {@code collections} collections in all. A point older than the last one kept (one that
     * ended while the previous poll was under way) is counted but not kept: the
     * reclamation rule above compares each point with the one before it in time.
     */
    public synchronized void addPolledGc(GcPoint point, long collections) {
        if (lastGc != null && point.uptimeMillis() < lastGc.uptimeMillis()) {
            gcCyclesSeen += collections;
            return;
        }
        addGc(point);
        gcCyclesSeen += collections - 1;
    }

    private void archive(GcPoint point) {
        pending = pending == null ? point : floorOf(pending, point);
        if (++pendingCount < stride) {
            return;
        }
        if (archive.size() == archiveCapacity) {
            List<GcPoint> merged = new ArrayList<>(archiveCapacity);
            for (int i = 0; i + 1 < archive.size(); i += 2) {
                merged.add(floorOf(archive.get(i), archive.get(i + 1)));
            }
            if (archive.size() % 2 == 1) {
                merged.add(archive.get(archive.size() - 1));
            }
            gcPointsCompacted += archive.size() - merged.size();
            archive.clear();
            archive.addAll(merged);
            stride *= 2;
        }
        archive.add(pending);
        gcPointsCompacted += pendingCount - 1;
        pending = null;
        pendingCount = 0;
    }

    private static GcPoint floorOf(GcPoint a, GcPoint b) {
        GcPoint floor = a.heapUsedAfter() <= b.heapUsedAfter() ? a : b;
        return floor.withOldCollected(a.oldCollected() || b.oldCollected());
    }

    /** Samples, oldest first: the older ones thinned (a copy). */
    public synchronized List<MemorySample> samples() {
        return samples.snapshot();
    }

    /** GC points, oldest first (a copy): the archive, a point still being merged, then the recent ones. */
    public synchronized List<GcPoint> gcPoints() {
        List<GcPoint> all = new ArrayList<>(archive.size() + recent.size() + 1);
        all.addAll(archive);
        if (pending != null) {
            all.add(pending);
        }
        all.addAll(recent);
        return all;
    }

    /** The heap after the most recent collection that empties the young generation, or -1 before the first. */
    public synchronized long lastLiveAfterGc() {
        return lastYoungEmptied == null ? -1 : lastYoungEmptied.heapUsedAfter();
    }

    public synchronized long gcCyclesSeen() {
        return gcCyclesSeen;
    }

    public synchronized long gcPointsCompacted() {
        return gcPointsCompacted;
    }

    public synchronized int gcPointsKept() {
        return archive.size() + recent.size() + (pending == null ? 0 : 1);
    }
}
