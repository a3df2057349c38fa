package io.memdiag.core.collect;

import io.memdiag.core.model.CgroupMemory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Finds the memory cgroup of this process and reads its limit, usage and OOM kills: the
 * numbers behind "the container was OOM-killed although the heap was fine".
 *
 * <p>The cgroup is located once, from {@code /proc/self/cgroup} (which cgroup) and
 * {@code /proc/self/mountinfo} (where that hierarchy is mounted). A v1 memory controller wins
 * over the unified v2 hierarchy on hybrid hosts, since that is where the kernel charges memory
 * there. The effective limit is the smallest on the path from the process's cgroup up to the
 * mount, because a parent's limit binds its children. All paths resolve under a root so tests
 * can use recorded file trees.
 */
public final class CgroupReader {

    /** v1 reports "no limit" as a page-rounded LONG_MAX; anything this large means unlimited. */
    static final long V1_UNLIMITED_THRESHOLD = 1L << 62;

    private final Path root;
    private final Located located;
    private final List<String> notes = new ArrayList<>();
    /** Limits change rarely (an operator resizing a pod); walking the path for them every second is waste. */
    private static final long LIMIT_REFRESH_NANOS = 60_000_000_000L;
    private long limit;
    private long limitReadAt;
    private boolean limitKnown;

    /** Where the memory controller of this process lives. */
    record Located(int version, Path dir, Path mountPoint) {
    }

    public CgroupReader(Path root) {
        this.root = root;
        this.located = locate();
    }

    private Located locate() {
        String cgroup = read(root.resolve("proc/self/cgroup"));
        String mountinfo = read(root.resolve("proc/self/mountinfo"));
        if (cgroup == null || mountinfo == null) {
            notes.add("no cgroup information (" + (cgroup == null ? "/proc/self/cgroup" : "/proc/self/mountinfo")
                    + " unreadable): container limits unknown");
            return null;
        }
        String v1Path = null;
        String v2Path = null;
        for (String line : cgroup.split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                v2Path = parts[2].trim();
            } else if (List.of(parts[1].split(",")).contains("memory")) {
                v1Path = parts[2].trim();
            }
        }
        for (String line : mountinfo.split("\n")) {
            Mount m = Mount.parse(line);
            if (m == null) {
                continue;
            }
            if (v1Path != null && m.fsType.equals("cgroup") && List.of(m.superOptions.split(",")).contains("memory")) {
                return new Located(1, dirFor(m, v1Path), root.resolve(m.mountPoint.substring(1)));
            }
        }
        for (String line : mountinfo.split("\n")) {
            Mount m = Mount.parse(line);
            if (m != null && v2Path != null && v1Path == null && m.fsType.equals("cgroup2")) {
                return new Located(2, dirFor(m, v2Path), root.resolve(m.mountPoint.substring(1)));
            }
        }
        notes.add("no memory cgroup mounted: container limits unknown");
        return null;
    }

    /** The cgroup's directory; the mount point itself when a namespace hides the full path. */
    private Path dirFor(Mount m, String cgroupPath) {
        Path mount = root.resolve(m.mountPoint.substring(1));
        String relative = cgroupPath;
        if (!m.root.equals("/") && cgroupPath.startsWith(m.root)) {
            relative = cgroupPath.substring(m.root.length());
        }
        Path dir = relative.isEmpty() || relative.equals("/") ? mount : mount.resolve(relative.substring(relative.startsWith("/") ? 1 : 0));
        return Files.isDirectory(dir) ? dir : mount;
    }

    /** The files that hold usage, limit and OOM kills in each cgroup version. */
    private record Layout(String usage, String limit, String oomKills) {
        static final Layout V1 = new Layout("memory.usage_in_bytes", "memory.limit_in_bytes", "memory.oom_control");
        static final Layout V2 = new Layout("memory.current", "memory.max", "memory.events");
    }

    /** Reads the current figures; null when there is no readable memory cgroup. */
    public CgroupMemory read() {
        if (located == null) {
            return null;
        }
        Layout files = located.version == 2 ? Layout.V2 : Layout.V1;
        long usage = number(located.dir.resolve(files.usage()));
        long limit = cachedLimit(files.limit());
        long oom = keyed(located.dir.resolve(files.oomKills()), "oom_kill");
        if (usage < 0 && limit == CgroupMemory.UNLIMITED) {
            return null;
        }
        return new CgroupMemory(located.version, located.dir.toString(), limit, usage, oom);
    }

    private synchronized long cachedLimit(String file) {
        long now = System.nanoTime();
        if (!limitKnown || now - limitReadAt >= LIMIT_REFRESH_NANOS) {
            limit = effectiveLimit(file);
            limitReadAt = now;
            limitKnown = true;
        }
        return limit;
    }

    private long effectiveLimit(String file) {
        long limit = CgroupMemory.UNLIMITED;
        Path dir = located.dir;
        while (dir != null && dir.startsWith(located.mountPoint)) {
            long l = number(dir.resolve(file));
            if (l >= 0 && l < limit) {
                limit = l;
            }
            if (dir.equals(located.mountPoint)) {
                break;
            }
            dir = dir.getParent();
        }
        return limit >= V1_UNLIMITED_THRESHOLD ? CgroupMemory.UNLIMITED : limit;
    }

    /** A file holding one number or "max"; -1 when missing or malformed. */
    private static long number(Path file) {
        String text = read(file);
        if (text == null) {
            return -1;
        }
        String t = text.trim();
        if (t.equals("max")) {
            return CgroupMemory.UNLIMITED;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The value of "key N" in a flat-keyed file (memory.events, memory.oom_control); -1 when absent. */
    static long keyed(Path file, String key) {
        String text = read(file);
        if (text == null) {
            return -1;
        }
        for (String line : text.split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2 && kv[0].equals(key)) {
                try {
                    return Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /** One line of /proc/self/mountinfo: "id parent maj:min root mountpoint opts [tags] - fstype source superopts". */
    private record Mount(String root, String mountPoint, String fsType, String superOptions) {
        static Mount parse(String line) {
            String[] halves = line.split(" - ", 2);
            if (halves.length < 2) {
                return null;
            }
            String[] left = halves[0].split(" ");
            String[] right = halves[1].split(" ");
            if (left.length < 5 || right.length < 3) {
                return null;
            }
            return new Mount(unescape(left[3]), unescape(left[4]), right[0], right[2]);
        }

        /** mountinfo escapes space, tab, newline and backslash as octal (\040 ...). */
        private static String unescape(String s) {
            if (s.indexOf('\\') < 0) {
                return s;
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 3 < s.length()) {
                    try {
                        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                        i += 3;
                        continue;
                    } catch (NumberFormatException ignored) {
                        // not an escape: keep the backslash
                    }
                }
                sb.append(c);
            }
            return sb.toString();
        }
    }
}
