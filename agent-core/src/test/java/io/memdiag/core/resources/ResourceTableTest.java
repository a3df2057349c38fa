package io.memdiag.core.resources;

import org.junit.jupiter.api.Test;

import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourceTableTest {

    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();

    /** Tracks each resource it can; returns the entries, in the order of the resources (null where it overflowed). */
    private List<TrackedResource> track(ResourceTable table, List<Object> resources) {
        List<TrackedResource> entries = new ArrayList<>();
        for (Object o : resources) {
            int slot = table.freeSlot(System.identityHashCode(o));
            TrackedResource r = slot < 0 ? null : new TrackedResource(o, queue, null, "r", 1, slot);
            assertTrue(r == null || table.claim(slot, r), "a free slot can be claimed by its only claimant");
            entries.add(r);
        }
        return entries;
    }

    private static List<Object> objects(int n) {
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new Object());
        }
        return list;
    }

    @Test
    void startsWithTheFirstTableAndAddsMoreOnlyWhenCrowded() {
        ResourceTable table = new ResourceTable(65_536);
        assertEquals(65_536, table.capacity());
        assertEquals(ResourceTable.FIRST_TABLE, table.allocated(), "only the first table at start");

        List<Object> few = objects(500);
        track(table, few);
        assertEquals(ResourceTable.FIRST_TABLE, table.allocated(), "500 open resources fit the first table");

        List<Object> many = objects(30_000);
        List<TrackedResource> entries = track(table, many);
        assertTrue(table.allocated() > ResourceTable.FIRST_TABLE, "more tables once the first is crowded: " + table.allocated());
        assertTrue(table.allocated() <= table.capacity());
        assertEquals(0, table.overflow(), "30,500 fit a capacity of 65,536");
        for (int i = 0; i < many.size(); i++) {
            assertSame(entries.get(i), table.find(many.get(i), System.identityHashCode(many.get(i))), "found in whichever table holds it");
            assertSame(entries.get(i), table.remove(many.get(i), System.identityHashCode(many.get(i))));
        }
        for (Object o : few) {
            assertTrue(table.remove(o, System.identityHashCode(o)) != null);
        }
        assertEquals(-1, table.oldestOpenedAtMillis(), "every table empty again");
    }

    @Test
    void atCapacityOpensOverflowAndEveryTrackedEntryStaysReachable() {
        ResourceTable table = new ResourceTable(8_192);
        List<Object> resources = objects(20_000);
        List<TrackedResource> entries = track(table, resources);
        assertEquals(8_192, table.allocated(), "all tables added, none beyond the capacity");
        long tracked = entries.stream().filter(e -> e != null).count();
        assertTrue(table.overflow() > 0 && tracked + table.overflow() == 20_000, tracked + " tracked, " + table.overflow() + " overflowed");
        assertTrue(tracked > 6_000, "most slots used before overflowing: " + tracked);
        for (int i = 0; i < resources.size(); i++) {
            TrackedResource e = entries.get(i);
            if (e == null) {
                assertNull(table.find(resources.get(i), System.identityHashCode(resources.get(i))));
            } else {
                assertTrue(table.removeCollected(e), "an entry is removed by its slot number, in any table");
                assertNull(table.find(resources.get(i), System.identityHashCode(resources.get(i))));
            }
        }
    }

    @Test
    void aSmallCapacityIsOneTable() {
        ResourceTable table = new ResourceTable(64);
        assertEquals(64, table.capacity());
        assertEquals(64, table.allocated());
    }
}
