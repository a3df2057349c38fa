package io.memdiag.core.engine;

import io.memdiag.core.ring.EventHandler;
import io.memdiag.core.ring.EventType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts drained events by type. Features that need more than a count (resource tables,
 * allocation sites) add their own handler to the engine ({@link MemdiagEngine#addHandler}).
 */
final class EventCounter implements EventHandler {

    private static final int MAX_TYPE = 64;

    private final long[] counts = new long[MAX_TYPE];
    private long drained;

    @Override
    public void onEvent(int type, long a, long b, long c) {
        drained++;
        if (type >= 0 && type < MAX_TYPE) {
            counts[type]++;
        }
    }

    long drained() {
        return drained;
    }

    Map<String, Long> byType() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int t = 0; t < MAX_TYPE; t++) {
            if (counts[t] > 0) {
                m.put(EventType.name(t), counts[t]);
            }
        }
        return m;
    }
}
