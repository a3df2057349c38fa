package io.memdiag.core.alloc;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class AllocationSitesTest {

    @Test
    void idsAreDenseStableAcrossVisitsAndCapped() {
        AllocationSites sites = new AllocationSites(4);
        AllocationSites.Visit first = sites.visit("p.C", "C.java");
        int a = first.next("m", 10, "byte[]");
        int b = first.next("m", 11, "int[]");
        assertEquals(1, a);
        assertEquals(2, b);
        AllocationSites.Visit again = sites.visit("p.C", "C.java"); // retransformed, or another loader's copy
        assertEquals(a, again.next("m", 10, "byte[]"));
        assertEquals(b, again.next("m", 11, "int[]"));
        assertEquals(3, sites.visit("p.D", null).next("n", 5, "byte[]"));
        assertEquals(-1, again.next("m", 12, "long[]"), "the table is full (id 0 is never used)");
        assertEquals(1, sites.refused());
        assertEquals(3, sites.size());
        assertEquals("p.C.m(C.java:10)", sites.get(a).location());
        assertEquals("int[]", sites.get(b).type());
        assertEquals("p.D.n(Unknown Source)", sites.get(3).location());
        assertNull(sites.get(0));
        assertNull(sites.get(4));
        assertSame(sites.get(1).type(), sites.get(3).type(), "type names are shared, not copied per site");
    }

    @Test
    void anEarlierAttachsIdsAreNotThisTablesSites() {
        AllocationSites before = new AllocationSites(8, 1);
        int old = before.visit("p.C", "C.java").next("m", 10, "byte[]");
        AllocationSites now = new AllocationSites(8, 2);
        int fresh = now.visit("p.D", "D.java").next("n", 20, "long[]");
        assertEquals(fresh & 0xFFFF, old & 0xFFFF, "the same index in both tables");
        assertEquals("p.D.n(D.java:20)", now.get(fresh).location());
        assertNull(now.get(old), "a hook left by the earlier attach names no site of this one");
        assertFalse(now.names(old));
        assertTrue(now.names(fresh) && fresh > 0, "ids stay positive: " + fresh);
        AllocationSites last = new AllocationSites(8, Short.MAX_VALUE);
        assertTrue(last.visit("p.E", null).next("o", 1, "int[]") > 0, "the highest generation too");
    }
}
