package io.memdiag.core.history;

import io.memdiag.core.model.MemorySample;
import io.memdiag.core.model.ProcessMemory;

import java.util.Map;

final class SampleFixtures {
    private SampleFixtures() {
    }

    static MemorySample sample(long uptime, long heapUsed) {
        return new MemorySample(1_700_000_000_000L + uptime, uptime, heapUsed, heapUsed * 2, heapUsed * 4, heapUsed / 2,
                50, Map.of("Metaspace", 40L), 0, 0, 10, ProcessMemory.UNAVAILABLE, -1, -1, null);
    }
}
