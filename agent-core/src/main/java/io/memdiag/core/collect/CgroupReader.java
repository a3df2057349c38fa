package io.memdiag.core.collect;

import io.memdiag.core.model.CgroupMemory;

import java.io.IOException;
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
 * mount, because a parent's limit binds its children; a limit set above what a container can
 * see stays invisible. All paths resolve under a root so tests can use recorded file trees.
 *
 * <p>Never throws: what cannot be found or read gives null from {@link #read()} and one note.
 */
public final class CgroupReader {

    /** v1 reports "no limit" as a page-rounded LONG_MAX; anything this large means unlimited. */
    static final long V1_UNLIMITED_THRESHOLD = 1L << 62;

    private final Path root;
    private final SmallFileReader files = new SmallFileReader();
    private final Located located;
    private final List<String> notes = new ArrayList<>();
    /** Limits change rarely (an operator resizing a pod); walking the path for them every second is waste. */
    private static final long LIMIT_REFRESH_NANOS = 60_000_000_000L;
    private long limit;
    private long limitReadAt;
    private boolean limitKnown;
    private boolean unreadableNoted;

    /** Where the memory controller of this process lives. */
    private record Located(int version, Path dir, Path mountPoint) {
    }

    public CgroupReader(Path root) {
        this.root = root;
        Located found;
        try {
            found = locate();
        } catch (RuntimeException e) {
            note("cannot locate the memory cgroup (" + e + "): container limits unknown");
            found = null;
        }
        this.located = found;
    }

    private Located locate() {
        String cgroup = read(root.resolve("proc/self/cgroup"));
        String mountinfo = read(root.resolve("proc/self/mountinfo"));
        if (cgroup == null || mountinfo == null) {
            note("no cgroup information (" + (cgroup == null ? "/proc/self/cgroup" : "/proc/self/mountinfo")
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
        List<MountInfoLine> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            MountInfoLine m = MountInfoLine.parse(line);
            if (m != null) {
                mounts.add(m);
            }
        }
        if (v1Path != null) {
            Located v1 = find(1, v1Path, mounts);
            if (v1 != null) {
                return v1;
            }
        } else if (v2Path != null) {
            Located v2 = find(2, v2Path, mounts);
            if (v2 != null) {
                return v2;
            }
        }
        note("no memory cgroup mounted: container limits unknown");
        return null;
    }

    /**
     * The first mount of the hierarchy that shows the process's own directory; failing that, the
     * first mount's top, which in a container namespace usually is the container's cgroup.
     */
    private Located find(int version, String cgroupPath, List<MountInfoLine> mounts) {
        Located fallback = null;
        for (MountInfoLine m : mounts) {
            boolean memory = version == 1
                    ? m.fsType().equals("cgroup") && m.hasSuperOption("memory")
                    : m.fsType().equals("cgroup2");
            if (!memory) {
                continue;
            }
            Path mountPoint = root.resolve(m.mountPoint().substring(1));
            Path dir = CgroupPaths.dirOf(mountPoint, m.root(), cgroupPath);
            if (dir != null && Files.isDirectory(dir)) {
                return new Located(version, dir, mountPoint);
            }
            if (fallback == null) {
                fallback = new Located(version, mountPoint, mountPoint);
            }
        }
        return fallback;
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
        try {
            CgroupMemory memory = readFigures();
            if (memory == null && !unreadableNoted) {
                unreadableNoted = true;
                note("memory cgroup " + located.dir + " shows neither usage nor a limit: container limits unknown");
            }
            return memory;
        } catch (RuntimeException e) {
            if (!unreadableNoted) {
                unreadableNoted = true;
                note("cannot read memory cgroup " + located.dir + ": " + e);
            }
            return null;
        }
    }

    private CgroupMemory readFigures() {
        Layout layout = located.version == 2 ? Layout.V2 : Layout.V1;
        long usage = number(located.dir.resolve(layout.usage()));
        long limit = cachedLimit(layout.limit());
        if (usage < 0 && limit == CgroupMemory.UNLIMITED) {
            return null;
        }
        // v1 memory.oom_control has oom_kill since Linux 4.13; older kernels leave it at -1
        long oom = keyed(located.dir.resolve(layout.oomKills()), "oom_kill");
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
    private long number(Path file) {
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
    private long keyed(Path file, String key) {
        String text = read(file);
        return text == null ? -1 : keyedValue(text, key);
    }

    /**
     * The number after {@code key} on the line that starts with it (after blanks), or -1 when no
     * line does or its value is not one number. Scanned by hand, not split: the file is read every
     * second, and {@code split("\\s+")} compiles a regular expression for each line, garbage and
     * JIT work that kept the regex engine's code hot for nothing.
     */
    static long keyedValue(String text, String key) {
        int from = 0;
        while (from < text.length()) {
            int end = text.indexOf('\n', from);
            if (end < 0) {
                end = text.length();
            }
            int start = from;
            while (start < end && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            int after = start + key.length();
            if (text.startsWith(key, start) && after < end && Character.isWhitespace(text.charAt(after))) {
                try {
                    return Long.parseLong(text.substring(after, end).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
            from = end + 1;
        }
        return -1;
    }

    private String read(Path file) {
        try {
            return files.read(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private synchronized void note(String note) {
        notes.add(note);
    }

    /** Closes the files kept open between samples; reads after this still work, opening each file. */
    public void close() {
        files.close();
    }

    /** What could not be found or read, each said once. */
    public synchronized List<String> notes() {
        return Collections.unmodifiableList(new ArrayList<>(notes));
    }
}
