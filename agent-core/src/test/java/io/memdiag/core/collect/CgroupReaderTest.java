package io.memdiag.core.collect;

import io.memdiag.core.model.CgroupMemory;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CgroupReaderTest {

    @Test
    void aKeyedValueIsTheWholeKeysOnly() {
        String v1 = "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n";
        assertEquals(3, CgroupReader.keyedValue(v1, "oom_kill"), "not oom_kill_disable's 0");
        assertEquals(0, CgroupReader.keyedValue(v1, "under_oom"));
        assertEquals(-1, CgroupReader.keyedValue("oom_kill_disable 0\nunder_oom 0", "oom_kill"), "before Linux 4.13");
        assertEquals(7, CgroupReader.keyedValue("low 0\n  oom_kill\t7", "oom_kill"), "blanks and tabs, no final newline");
        assertEquals(-1, CgroupReader.keyedValue("oom_kill 3 4\n", "oom_kill"), "not one number");
        assertEquals(-1, CgroupReader.keyedValue("oom_kill\n", "oom_kill"), "no value");
        assertEquals(-1, CgroupReader.keyedValue("", "oom_kill"));
    }

    @Test
    void v2TheTightestLimitOnThePathBinds() {
        CgroupMemory c = new CgroupReader(Fixtures.root("v2-limited")).read();
        assertNotNull(c);
        assertEquals(2, c.version());
        assertTrue(c.path().endsWith("sys/fs/cgroup/kubepods/pod1/ctr"), c.path());
        assertEquals(384L * 1024 * 1024, c.limit(), "the parent's 384 MB binds, not the container's own 512 MB");
        assertEquals(300L * 1024 * 1024, c.usage());
        assertEquals(1, c.oomKills());
    }

    @Test
    void v2MaxMeansUnlimited() {
        CgroupMemory c = new CgroupReader(Fixtures.root("v2-unlimited")).read();
        assertEquals(CgroupMemory.UNLIMITED, c.limit());
        assertFalse(c.limited());
        assertEquals(100L * 1024 * 1024, c.usage());
        assertEquals(0, c.oomKills());
    }

    @Test
    void v2InANamespaceFallsBackToTheMountPoint() {
        CgroupMemory c = new CgroupReader(Fixtures.root("v2-namespaced")).read();
        assertEquals(1024L * 1024 * 1024, c.limit());
        assertTrue(c.path().endsWith("sys/fs/cgroup"), c.path());
    }

    @Test
    void v1MemoryControllerWinsOnAHybridHost() {
        CgroupMemory c = new CgroupReader(Fixtures.root("v1-limited")).read();
        assertEquals(1, c.version());
        assertEquals(1024L * 1024 * 1024, c.limit());
        assertEquals(700L * 1024 * 1024, c.usage());
        assertEquals(2, c.oomKills());
    }

    @Test
    void recordedFromThisMachineV1WithThePageRoundedNoLimit() {
        CgroupMemory c = new CgroupReader(Fixtures.root("v1-hybrid-recorded")).read();
        assertEquals(1, c.version());
        assertEquals(CgroupMemory.UNLIMITED, c.limit(), "9223372036854771712 means no limit");
        assertTrue(c.usage() > 0);
        assertEquals(0, c.oomKills());
    }

    @Test
    void v1InAContainerSeesItsOwnCgroupAtTheMountPoint() {
        CgroupMemory c = new CgroupReader(Fixtures.root("v1-container")).read();
        assertEquals(1, c.version());
        assertTrue(c.path().endsWith("sys/fs/cgroup/memory"), "mount root /docker/0123abcd is the cgroup: " + c.path());
        assertEquals(512L * 1024 * 1024, c.limit());
        assertEquals(482_344_960L, c.usage());
        assertEquals(-1, c.oomKills(), "kernels before 4.13 have no oom_kill line");
    }

    @Test
    void v2ProcessOutsideItsNamespaceReadsTheMountPoint() {
        CgroupReader r = new CgroupReader(Fixtures.root("v2-outside-namespace"));
        CgroupMemory c = r.read();
        assertTrue(c.path().endsWith("sys/fs/cgroup"), "never resolves /../.. above the mount: " + c.path());
        assertEquals(256L * 1024 * 1024, c.limit());
        assertEquals(3, c.oomKills());
    }

    @Test
    void v2RootCgroupHasNoLimitFilesAndSaysSoOnce() {
        CgroupReader r = new CgroupReader(Fixtures.root("v2-host-root"));
        assertNull(r.read());
        assertNull(r.read());
        assertEquals(1, r.notes().size(), r.notes().toString());
        assertTrue(r.notes().get(0).contains("neither usage nor a limit"), r.notes().toString());
    }

    @Test
    void missingFilesGiveNothingAndNoException() {
        CgroupReader r = new CgroupReader(Fixtures.root("missing-files"));
        assertNull(r.read());
        assertEquals(1, r.notes().size(), r.notes().toString());
    }

    @Test
    void garbageInProcIsNotACrash(@TempDir Path root) throws IOException {
        Path self = Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(self.resolve("cgroup"), "nonsense\n::\n4:memory\n0::\n");
        Files.writeString(self.resolve("mountinfo"), "1 2 3\n - \n30 23 0:26 / relative - cgroup2 cgroup2 rw\n"
                + "x x x x x - cgroup\n");
        CgroupReader r = new CgroupReader(root);
        assertNull(r.read());
        assertEquals(List.of("no memory cgroup mounted: container limits unknown"), r.notes());
    }

    @Test
    void noProcAtAllIsANoteNotACrash() {
        CgroupReader r = new CgroupReader(Fixtures.root("not-linux"));
        assertNull(r.read());
        assertEquals(1, r.notes().size());
        assertTrue(r.notes().get(0).startsWith("no cgroup information"), r.notes().toString());
    }

    @Test
    void theRealCgroupOfThisMachineWhereThereIsOne() {
        if (!Files.isReadable(Paths.get("/proc/self/cgroup"))) {
            return; // not Linux: the fixture tests above cover the logic
        }
        CgroupReader r = new CgroupReader(Path.of("/"));
        CgroupMemory c = r.read();
        if (c != null) {
            assertTrue(c.version() == 1 || c.version() == 2);
            assertTrue(c.usage() > 0, "this JVM is charged to its cgroup: " + c);
            assertTrue(Files.isDirectory(Path.of(c.path())), c.path());
        } else {
            assertFalse(r.notes().isEmpty(), "no cgroup read: a note says why");
        }
    }
}
