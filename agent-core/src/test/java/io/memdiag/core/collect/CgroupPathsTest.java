package io.memdiag.core.collect;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CgroupPathsTest {

    private static final Path MOUNT = Path.of("/sys/fs/cgroup/memory");

    @Test
    void hostMountShowsTheWholeTree() {
        assertEquals(MOUNT.resolve("process_api/6e3f"), CgroupPaths.dirOf(MOUNT, "/", "/process_api/6e3f"));
        assertEquals(MOUNT, CgroupPaths.dirOf(MOUNT, "/", "/"));
    }

    @Test
    void aContainerMountShowsItsOwnCgroupAtTheTop() {
        assertEquals(MOUNT, CgroupPaths.dirOf(MOUNT, "/docker/abc", "/docker/abc"));
        assertEquals(MOUNT.resolve("sub"), CgroupPaths.dirOf(MOUNT, "/docker/abc", "/docker/abc/sub"));
    }

    @Test
    void aSiblingWithTheSamePrefixIsNotInsideTheMount() {
        assertEquals(MOUNT.resolve("docker/abcdef"), CgroupPaths.dirOf(MOUNT, "/docker/abc", "/docker/abcdef"),
                "not stripped to def: the caller finds no such directory and falls back to the mount point");
    }

    @Test
    void pathsClimbingOutOfTheNamespaceAreRefused() {
        assertNull(CgroupPaths.dirOf(MOUNT, "/", "/../../system.slice/cron.service"));
        assertNull(CgroupPaths.dirOf(MOUNT, "/", "/.."));
        assertNull(CgroupPaths.dirOf(MOUNT, "/", "relative"));
    }
}
