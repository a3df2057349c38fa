package io.memdiag.core.collect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SmallFileReaderTest {

    private final SmallFileReader reader = new SmallFileReader();

    @Test
    void readsWholeFilesOfAnySizeThroughTheSameBuffer(@TempDir Path dir) throws IOException {
        String big = "x".repeat(10_000) + "\nend";
        Files.writeString(dir.resolve("big"), big);
        Files.writeString(dir.resolve("small"), "max\n");
        Files.writeString(dir.resolve("empty"), "");
        assertEquals(big, reader.read(dir.resolve("big")));
        assertEquals("max\n", reader.read(dir.resolve("small")), "nothing left over from the bigger file");
        assertEquals("", reader.read(dir.resolve("empty")));
    }

    @Test
    void procFilesReportingSizeZeroAreReadWhole() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux only");
        String status = reader.read(Path.of("/proc/self/status"));
        assertTrue(status.startsWith("Name:") && status.contains("\nVmRSS:"), status);
    }

    /**
     * A /proc file stays open and each read sees the kernel's text of the moment: here the
     * thread count, before and while one more thread is alive. Regular files are not kept.
     */
    @Test
    void procFilesStayOpenAndAreReadAfresh(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux only");
        Files.writeString(dir.resolve("regular"), "1\n");
        assertEquals("1\n", reader.read(dir.resolve("regular")));
        assertEquals(0, reader.openHandles(), "a regular file is opened for each read");

        Path status = Path.of("/proc/self/status");
        int before = threads(reader.read(status));
        assertEquals(1, reader.openHandles());
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        Thread extra = new Thread(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException ignored) {
                // ends either way
            }
        });
        extra.start();
        try {
            started.await();
            assertEquals(before + 1, threads(reader.read(status)), "read again through the kept handle, from its start");
            assertEquals(1, reader.openHandles());
        } finally {
            release.countDown();
            extra.join();
        }

        reader.close();
        assertEquals(0, reader.openHandles());
        assertTrue(reader.read(status).startsWith("Name:"), "after close each read opens the file");
        assertEquals(0, reader.openHandles());
    }

    private static int threads(String status) {
        return (int) (ProcParsers.kbField(status, "Threads:") / 1024);
    }

    @Test
    void onlyKernelFilesCountAsPseudoFiles() {
        assertTrue(SmallFileReader.pseudoFile(Path.of("/proc/self/status")));
        assertTrue(SmallFileReader.pseudoFile(Path.of("/sys/fs/cgroup/memory.current")));
        assertFalse(SmallFileReader.pseudoFile(Path.of("/tmp/fixture/proc/self/status")));
        assertFalse(SmallFileReader.pseudoFile(Path.of("/procfs-copy/status")));
        assertFalse(SmallFileReader.pseudoFile(Path.of("proc/self/status")));
    }

    @Test
    void aMissingFileThrowsForTheCallerToNote(@TempDir Path dir) {
        assertThrows(IOException.class, () -> reader.read(dir.resolve("absent")));
    }
}
