package io.memdiag.core.collect;

import java.nio.file.Path;

/** Where a cgroup named in /proc/self/cgroup appears under a mount of its hierarchy. */
final class CgroupPaths {

    private CgroupPaths() {
    }

    /**
     * @param mountPoint where the hierarchy is mounted (already under the test root)
     * @param mountRoot  the hierarchy's directory shown there ("/" on a host, the container's own
     *                   cgroup when the runtime bind-mounted only that)
     * @param cgroupPath the process's cgroup as /proc/self/cgroup names it
     * @return the directory, which may not exist; null when the path climbs out of what the
     *         namespace shows ("/../.." for a process moved outside its cgroup namespace)
     */
    static Path dirOf(Path mountPoint, String mountRoot, String cgroupPath) {
        if (!cgroupPath.startsWith("/") || climbsOut(cgroupPath)) {
            return null;
        }
        String relative = cgroupPath;
        if (!mountRoot.equals("/")) {
            if (cgroupPath.equals(mountRoot)) {
                relative = "/";
            } else if (cgroupPath.startsWith(mountRoot + "/")) {
                relative = cgroupPath.substring(mountRoot.length());
            }
        }
        String inside = relative.substring(1);
        return inside.isEmpty() ? mountPoint : mountPoint.resolve(inside);
    }

    private static boolean climbsOut(String path) {
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
