package io.memdiag.core.collect;

import io.memdiag.core.model.GcPoint;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tells, poll by poll, whether G1 ran a mixed collection and what old generation it left, on
 * JVMs without a bean for G1's concurrent cycle (JDK 19 and older), where nothing else does.
 *
 * <p>A mixed collection is the collection that reclaims G1's old generation bit by bit, and the
 * JVM reports it exactly like a young pause, as "G1 Young Generation". What differs is that it
 * updates the old generation pool's collection usage ({@code MemoryPoolMXBean#getCollectionUsage}):
 * G1 records it for every pool it manages only when a pause collected old regions, since JDK 12
 * (JDK-8195115), while a young-only pause leaves the old pool's as it was. So a collection usage
 * different from the last poll's means a mixed (or full) collection in between, and its used
 * bytes are the old generation right after the latest of them. Seen on JDK 17:
 * 309 young-only pauses leaving it unchanged, and every poll across mixed collections seeing it
 * change (performance.md, eighth session).
 *
 * <p>Where the concurrent cycle has a bean (JDK 20 and later), the pause after its end marks
 * the reclamation instead ({@code History#addGc}), and this is not used.
 */
final class MixedCollections {

    private final MemoryPoolMXBean oldGen;
    private long used;
    private long committed;

    private MixedCollections(MemoryPoolMXBean oldGen) {
        this.oldGen = oldGen;
        MemoryUsage u = oldGen == null ? null : oldGen.getCollectionUsage();
        this.used = u == null ? -1 : u.getUsed();
        this.committed = u == null ? -1 : u.getCommitted();
    }

    /** Whether the collectors are G1's without its concurrent-cycle bean. */
    static boolean needed(Set<String> collectors) {
        return collectors.contains(HeapPools.G1_YOUNG) && !collectors.contains(GcPoint.G1_CONCURRENT);
    }

    /** Watches this JVM's "G1 Old Gen" pool; one that never reports a change where the pool is missing. */
    static MixedCollections ofThisJvm(Consumer<Throwable> failure) {
        try {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getName().equals("G1 Old Gen") && pool.isCollectionUsageThresholdSupported()) {
                    return new MixedCollections(pool);
                }
            }
        } catch (RuntimeException e) {
            failure.accept(e);
        }
        return new MixedCollections(null);
    }

    /**
     * The old generation's size right after the latest mixed (or full) collection, if there was
     * one since the last call (or since construction); else -1.
     */
    long oldAfterCollectionSinceLastCall() {
        MemoryUsage u = oldGen == null ? null : oldGen.getCollectionUsage();
        if (u == null || u.getUsed() == used && u.getCommitted() == committed) {
            return -1;
        }
        used = u.getUsed();
        committed = u.getCommitted();
        return used;
    }
}
