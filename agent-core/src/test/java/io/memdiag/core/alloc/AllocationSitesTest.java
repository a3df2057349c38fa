package io.memdiag.core.alloc;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AllocationSitesTest {

    @Test
    void idsAreDenseStableAndCapped() {
        AllocationSites sites = new AllocationSites(3);
        int a = sites.register("p.C", "m", "()V", 0, "C.java", 10, "byte[]");
        int b = sites.register("p.C", "m", "()V", 1, "C.java", 10, "int[]");
        assertEquals(1, a);
        assertEquals(2, b);
        assertEquals(a, sites.register("p.C", "m", "()V", 0, "C.java", 10, "byte[]"), "registered again: same id");
        assertEquals(-1, sites.register("p.C", "n", "()V", 0, "C.java", 11, "long[]"), "the table is full");
        assertEquals(1, sites.refused());
        assertEquals(2, sites.size());
        assertEquals("p.C.m(C.java:10)", sites.get(a).location());
        assertEquals("int[]", sites.get(b).type());
        assertNull(sites.get(0));
        assertNull(sites.get(7));
    }
}
