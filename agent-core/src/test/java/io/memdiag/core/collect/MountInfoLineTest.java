package io.memdiag.core.collect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MountInfoLineTest {

    @Test
    void optionalFieldsBeforeTheSeparatorAreSkipped() {
        MountInfoLine m = MountInfoLine.parse(
                "675 668 0:33 /docker/abc /sys/fs/cgroup/memory ro,nosuid master:16 shared:9 - cgroup cgroup rw,memory");
        assertEquals(new MountInfoLine("/docker/abc", "/sys/fs/cgroup/memory", "cgroup", "rw,memory"), m);
        assertTrue(m.hasSuperOption("memory"));
        assertFalse(m.hasSuperOption("mem"));
    }

    @Test
    void octalEscapesInPathsAreDecoded() {
        MountInfoLine m = MountInfoLine.parse("1 2 0:1 /a\\040b /mnt/with\\040space rw - cgroup2 cgroup2 rw");
        assertEquals("/a b", m.root());
        assertEquals("/mnt/with space", m.mountPoint());
        assertEquals("a\\9xy", MountInfoLine.unescape("a\\9xy"), "not an escape: kept as is");
    }

    @Test
    void malformedLinesAreNull() {
        assertNull(MountInfoLine.parse(""));
        assertNull(MountInfoLine.parse("1 2 3 - cgroup2 cgroup2 rw"));
        assertNull(MountInfoLine.parse("1 2 0:1 / /mnt rw - cgroup2"));
        assertNull(MountInfoLine.parse("1 2 0:1 / relative rw - cgroup2 cgroup2 rw"));
    }
}
