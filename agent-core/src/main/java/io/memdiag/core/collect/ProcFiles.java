package io.memdiag.core.collect;

import io.memdiag.core.model.ProcessMemory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the kernel says about this process: {@code /proc/self/status} (RSS and its split),
 * {@code /proc/self/smaps_rollup} (PSS), {@code /proc/self/fd} and {@code /proc/self/limits}.
 *
 * <p>Reads never throw: a file that is missing or unreadable gives "unknown" (-1) and one
 * note, once. The root is a parameter so tests can read recorded fixture trees; in production
 * it is "/". {@code /proc/self/smaps} is never read: it is megabytes on a large JVM, while
 * {@code smaps_rollup} (Linux 4.14+) is a few lines.
 */
public final class ProcFiles {

    private final Path status;
    private final Path smapsRollup;
    private final Path fdDir;
    private final Path limits;
    private final boolean linux;
    private final SmallFileReader files = new SmallFileReader();
    private final List<String> notes = new ArrayList<>();
    private boolean smapsRollupMissing;
    private static final long LIMIT_REFRESH_NANOS = 60_000_000_000L;
    private long fdLimit;
    private long fdLimitReadAt;

    /**
     * This process's id: on Linux the name {@code /proc/self} links to, else the JDK's
     * {@code ProcessHandle}. Not {@code ProcessHandle.current()} first: its class initialiser
     * sets up the JDK's process-reaper machinery, a sixth of premain's CPU on the host's main
     * thread, for a number the kernel gives by a readlink. Read once: the start asks four times
     * (marker, installer, engine, report directory).
     */
    public static long selfPid() {
        return SelfPid.VALUE;
    }

    private static final class SelfPid {
        static final long VALUE = read();

        private static long read() {
            try {
                return Long.parseLong(Files.readSymbolicLink(java.nio.file.Paths.get("/proc/self")).getFileName().toString());
            } catch (IOException | RuntimeException e) {
                return ProcessHandle.current().pid();
            }
        }
    }

    public ProcFiles(Path root) {
        Path self = root.resolve("proc/self");
        this.status = self.resolve("status");
        this.smapsRollup = self.resolve("smaps_rollup");
        this.fdDir = self.resolve("fd");
        this.limits = self.resolve("limits");
        this.linux = Files.isReadable(status);
        if (!linux) {
            notes.add("not Linux: no readable " + status + ", so RSS, open file descriptors and the fd limit are"
                    + " unavailable; heap analysis works as usual");
        }
    }

    public boolean linux() {
        return linux;
    }

    /**
     * @param withPss also read smaps_rollup for PSS. The kernel computes it by walking every page
     *                table of the process: about 4 ms for a 256 MB JVM, against microseconds for
     *                the status file, so the sampler asks for it only when writing a report.
     */
    public ProcessMemory processMemory(boolean withPss) {
        if (!linux) {
            return ProcessMemory.UNAVAILABLE;
        }
        String statusText = read(status);
        if (statusText == null) {
            return ProcessMemory.UNAVAILABLE;
        }
        String rollup = withPss ? smapsRollup() : null;
        ProcessMemory memory = ProcParsers.processMemory(statusText, rollup);
        if (!memory.available()) {
            note("no VmRSS line in " + status + ": process memory unavailable");
        }
        return memory;
    }

    private String smapsRollup() {
        if (smapsRollupMissing) {
            return null;
        }
        String rollup = read(smapsRollup);
        if (rollup == null) {
            smapsRollupMissing = true;
            note("no " + smapsRollup + " (kernel older than 4.14 or restricted): PSS unavailable");
        }
        return rollup;
    }

    /**
     * Open file descriptors: the entries of /proc/self/fd, less the one this listing holds.
     * The kernel lists the descriptor used to read the directory as well. {@link File#list()}
     * reads through exactly one (opendir), so one is subtracted; {@code Files.newDirectoryStream}
     * would hold two on Linux (its SecureDirectoryStream keeps a dup), which is why it is not used.
     * Checked on JDK 17 and 25 against {@code ls /proc/<pid>/fd} run from outside the process.
     * A fixture tree's fd directory is counted by the same rule.
     */
    public long openFds() {
        if (!linux) {
            return -1;
        }
        String[] entries;
        try {
            entries = fdDir.toFile().list();
        } catch (RuntimeException e) {
            entries = null;
        }
        if (entries == null) {
            note("cannot list " + fdDir + ": open file descriptors unavailable");
            return -1;
        }
        return Math.max(0, entries.length - 1);
    }

    /**
     * Soft RLIMIT_NOFILE; Long.MAX_VALUE for "unlimited"; -1 when unknown. Re-read once a
     * minute: a process changes its own limit rarely, and the file costs more than the rest.
     */
    public synchronized long fdSoftLimit() {
        if (!linux) {
            return -1;
        }
        long now = System.nanoTime();
        if (fdLimitReadAt == 0 || now - fdLimitReadAt >= LIMIT_REFRESH_NANOS) {
            String text = read(limits);
            if (text != null || fdLimitReadAt == 0) {
                // a failed re-read (out of descriptors, of all times) keeps the last known limit
                fdLimit = text == null ? -1 : ProcParsers.openFilesSoftLimit(text);
            }
            fdLimitReadAt = now == 0 ? 1 : now;
        }
        return fdLimit;
    }

    private String read(Path file) {
        try {
            return files.read(file);
        } catch (IOException | RuntimeException e) {
            if (!file.equals(smapsRollup)) {
                note("cannot read " + file + ": " + e);
            }
            return null;
        }
    }

    private synchronized void note(String note) {
        if (!notes.contains(note) && notes.size() < 16) {
            notes.add(note);
        }
    }

    /** Closes the files kept open between samples; reads after this still work, opening each file. */
    public void close() {
        files.close();
    }

    public synchronized List<String> notes() {
        return Collections.unmodifiableList(new ArrayList<>(notes));
    }
}
