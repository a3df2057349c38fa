package io.memdiag.core.collect;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the small text files of /proc and /sys through one reused buffer. They report a size of
 * 0, so {@code Files.readAllBytes} would allocate a fresh 8 KB buffer for each of the half a
 * dozen files read every second; this keeps a sample's garbage to the strings themselves.
 *
 * <p>Files under /proc and /sys stay open between reads ({@link #MAX_OPEN} at most) and are read
 * again from their start: the kernel writes such a file anew for every read from offset 0. This
 * is about the JIT as much as the system calls: opening and closing a {@code FileInputStream}
 * six times a second (a cleaner registered and removed each time, and memdiag's own resource
 * hooks in both) made {@code read} hot for C2 after about half an hour, in a compilation of 4.5
 * to 6.4 MB of compiler memory (JDK 25, {@code bench.CompilerMemory}), more than a small
 * service's own largest, and the C library keeps such memory. Seek and read compile in about 3 MB.
 * Other files (test fixtures) are opened for each read, since a regular file replaced on disk
 * would not be seen through a handle kept open.
 */
final class SmallFileReader implements AutoCloseable {

    /** Nothing read here is near this; a file that is (not /proc as expected) is cut, not buffered whole. */
    private static final int MAX_BYTES = 1 << 20;

    /** Handles kept open at most: the sampler reads fewer than ten files; beyond this, open per read. */
    static final int MAX_OPEN = 16;

    private byte[] buffer = new byte[4096];
    private char[] chars = new char[4096];
    private final Map<Path, RandomAccessFile> open = new HashMap<>();
    private boolean closed;

    /**
     * The file's text (ISO-8859-1: the kernel writes ASCII); IOException when it is missing or
     * unreadable.
     */
    synchronized String read(Path file) throws IOException {
        RandomAccessFile kept = closed ? null : handle(file);
        if (kept != null) {
            try {
                kept.seek(0);
                return text(readAll(kept));
            } catch (IOException e) {
                open.remove(file); // gone or changed under us: reopen below, or report the failure
                closeQuietly(kept);
            }
        }
        try (RandomAccessFile once = new RandomAccessFile(file.toFile(), "r")) {
            return text(readAll(once));
        }
    }

    /** The kept handle of a pseudo-file, opening it the first time; null for other files, or when the table is full. */
    private RandomAccessFile handle(Path file) throws IOException {
        RandomAccessFile kept = open.get(file);
        if (kept == null && open.size() < MAX_OPEN && pseudoFile(file)) {
            kept = new RandomAccessFile(file.toFile(), "r");
            open.put(file, kept);
        }
        return kept;
    }

    /** A file the kernel generates on read (procfs, sysfs and the cgroup file system under /sys/fs/cgroup). */
    static boolean pseudoFile(Path file) {
        return file.isAbsolute() && (file.startsWith("/proc/") || file.startsWith("/sys/"));
    }

    private int readAll(RandomAccessFile in) throws IOException {
        int length = 0;
        int n;
        while ((n = in.read(buffer, length, buffer.length - length)) > 0) {
            length += n;
            if (length == buffer.length) {
                if (length >= MAX_BYTES) {
                    break;
                }
                buffer = Arrays.copyOf(buffer, length * 2);
            }
        }
        return length;
    }

    /**
     * ISO-8859-1 decoded by hand into a reused char array. {@code new String(bytes, 0, n,
     * ISO_8859_1)} runs JDK 17's 840-byte {@code String(byte[], int, int, Charset)}, with every
     * charset's decoding path in it, which a service itself may never call, and at one sample a
     * second C2 compiled it after about 28 minutes (JIT log). Sampling twenty times as often,
     * this way left 20.7 MB outside the heap after six minutes instead of 28.4 MB (one run each,
     * performance.md). {@code String(char[], int, int)} is small, and stores the string as
     * Latin-1 all the same.
     */
    private String text(int length) {
        if (chars.length < length) {
            chars = new char[buffer.length];
        }
        for (int i = 0; i < length; i++) {
            chars[i] = (char) (buffer[i] & 0xff);
        }
        return new String(chars, 0, length);
    }

    /** How many handles are kept open (for tests). */
    synchronized int openHandles() {
        return open.size();
    }

    /** Closes the kept handles; reads after this open and close each file. Never throws. */
    @Override
    public synchronized void close() {
        closed = true;
        for (RandomAccessFile f : open.values()) {
            closeQuietly(f);
        }
        open.clear();
    }

    private static void closeQuietly(RandomAccessFile f) {
        try {
            f.close();
        } catch (IOException ignored) {
            // a read-only handle: nothing was buffered to lose
        }
    }
}
