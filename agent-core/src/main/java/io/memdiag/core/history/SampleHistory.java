package io.memdiag.core.history;

import io.memdiag.core.model.MemorySample;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The samples of the last {@code history.samples} sampling intervals, in two tiers:
 * <ul>
 *   <li>the most recent {@link #RECENT} as they came: "is memory held right now" looks at the
 *       last few, one interval apart;</li>
 *   <li>older ones thinned to one in {@link #THIN}: of each run of ten, the one with the most
 *       heap used, so the peak used heap of the whole span survives.</li>
 * </ul>
 *
 * <p>Why thinned: what reads the older samples fits trend lines through at most 60 of them
 * (native growth, time to the cgroup limit) or scans for the peak used heap (retained memory),
 * and none needs one a second. An hour at full resolution was the largest part of the agent's
 * live heap (about 660 KB even as columns of primitives), and G1 sizes committed heap as a
 * multiple of live data; thinned, the hour is 630 samples.
 *
 * <p>Not thread-safe: {@link History} guards it.
 */
final class SampleHistory {

    /** Samples kept at full resolution: five minutes at the default interval. */
    static final int RECENT = 300;
    /** One older sample kept per this many. */
    static final int THIN = 10;

    private final SampleRing recent;
    /** null when the whole span fits in the recent tier */
    private final SampleRing older;
    /** The run of samples being thinned: its count and the one with the most heap used so far. */
    private int runLength;
    private MemorySample runPeak;

    /** @param span samples covered, recent and older together */
    SampleHistory(int span) {
        int recentCapacity = Math.min(span, RECENT);
        this.recent = new SampleRing(recentCapacity);
        int olderCapacity = (span - recentCapacity + THIN - 1) / THIN;
        this.older = olderCapacity == 0 ? null : new SampleRing(olderCapacity);
    }

    void add(MemorySample sample) {
        if (recent.size() == RECENT && older != null) {
            thin(recent.oldest());
        }
        recent.add(sample);
    }

    private void thin(MemorySample leaving) {
        if (runPeak == null || leaving.heapUsed() > runPeak.heapUsed()) {
            runPeak = leaving;
        }
        if (++runLength == THIN) {
            older.add(runPeak);
            runPeak = null;
            runLength = 0;
        }
    }

    /** Oldest first: the older tier, the peak of the run being thinned, then the recent tier; independent of later additions. */
    List<MemorySample> snapshot() {
        SampleRing.Window newer = recent.snapshot();
        if (older == null) {
            return newer;
        }
        return new Joined(older.snapshot(), runPeak, newer);
    }

    /** The tiers as one list. */
    private static final class Joined extends AbstractList<MemorySample> implements RandomAccess {
        private final List<MemorySample> older;
        private final MemorySample between;
        private final List<MemorySample> recent;
        private final int middle;

        Joined(List<MemorySample> older, MemorySample between, List<MemorySample> recent) {
            this.older = older;
            this.between = between;
            this.recent = recent;
            this.middle = between == null ? 0 : 1;
        }

        @Override
        public MemorySample get(int index) {
            if (index < older.size()) {
                return older.get(index);
            }
            index -= older.size();
            if (index < middle) {
                return between;
            }
            return recent.get(index - middle);
        }

        @Override
        public int size() {
            return older.size() + middle + recent.size();
        }
    }
}
