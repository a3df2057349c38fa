package io.memdiag.core.history;

import io.memdiag.core.model.CgroupMemory;
import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SampleRingTest {

    /** Every field distinct, so a column mixed up with another shows. */
    private static MemorySample sample(int i, boolean cgroup) {
        long b = 1_000_000L * i;
        return new MemorySample(1_700_000_000_000L + i, 10L * i, b + 1, b + 2, b + 3, b + 4, b + 5, Map.of("Metaspace", b + 6), b + 7, b + 8,
                20 + i, new ProcessMemory(b + 9, b + 10, b + 11, b + 12, b + 13, b + 14, b + 15), b + 16, b + 17,
                cgroup ? new CgroupMemory(2, new String("/sys/fs/cgroup/app"), CgroupMemory.UNLIMITED, b + 18, i % 3) : null);
    }

    private static MemorySample withoutPools(MemorySample s) {
        return new MemorySample(s.epochMillis(), s.uptimeMillis(), s.heapUsed(), s.heapCommitted(), s.heapMax(), s.liveAfterGc(),
                s.nonHeapCommitted(), Map.of(), s.directBuffers(), s.mappedBuffers(), s.threads(), s.process(), s.openFds(), s.fdLimit(),
                s.cgroup());
    }

    @Test
    void givesBackWhatWasAddedLessTheOlderSamplesPoolBreakdown() {
        SampleRing ring = new SampleRing(5000);
        List<MemorySample> added = new ArrayList<>();
        for (int i = 0; i < 3000; i++) { // past the first array's 1,024 rows: it grows
            MemorySample s = sample(i, i % 2 == 0);
            ring.add(s);
            added.add(i == 2999 ? s : withoutPools(s));
        }
        assertEquals(added, ring.snapshot());
        assertSame(added.get(2999), ring.snapshot().get(2999), "the newest is the object it came as");
    }

    @Test
    void keepsTheMostRecentOnceFullAndTheSnapshotDoesNotChangeAfter() {
        SampleRing ring = new SampleRing(7);
        for (int i = 0; i < 10; i++) {
            ring.add(sample(i, true));
        }
        List<MemorySample> before = ring.snapshot();
        for (int i = 10; i < 13; i++) {
            ring.add(sample(i, true));
        }
        assertEquals(List.of(30L, 40L, 50L, 60L, 70L, 80L, 90L), before.stream().map(MemorySample::uptimeMillis).toList());
        assertEquals(List.of(60L, 70L, 80L, 90L, 100L, 110L, 120L), ring.snapshot().stream().map(MemorySample::uptimeMillis).toList());
        assertEquals(withoutPools(sample(12, true)).heapUsed(), ring.snapshot().get(6).heapUsed());
        assertEquals(7, ring.size());
    }

    @Test
    void equalCgroupPathsShareOneString() {
        SampleRing ring = new SampleRing(100);
        for (int i = 0; i < 50; i++) {
            ring.add(sample(i, true));
        }
        List<MemorySample> kept = ring.snapshot();
        assertSame(kept.get(0).cgroup().path(), kept.get(48).cgroup().path());
    }

    @Test
    void anEmptyRingIsAnEmptyList() {
        SampleRing ring = new SampleRing(3);
        assertEquals(List.of(), ring.snapshot());
        assertThrows(IndexOutOfBoundsException.class, () -> ring.snapshot().get(0));
    }
}
