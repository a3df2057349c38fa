package io.memdiag.core.collect;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the small text files of /proc and /sys through one reused buffer. They report a size of
 * 0, so {@code Files.readAllBytes} would allocate a fresh 8 KB buffer for each of the half a
 * dozen files read every second; this keeps a sample's garbage to the strings themselves.
 */
final class SmallFileReader {

    /** Nothing read here is near this; a file that is (not /proc as expected) is cut, not buffered whole. */
    private static final int MAX_BYTES = 1 << 20;

    private byte[] buffer = new byte[4096];

    /**
     * The file's text (ISO-8859-1: the kernel writes ASCII); IOException when it is missing or
     * unreadable. A plain FileInputStream: half the time and garbage of a channel stream here.
     */
    synchronized String read(Path file) throws IOException {
        int length = 0;
        try (InputStream in = new FileInputStream(file.toFile())) {
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
        }
        return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
    }
}
