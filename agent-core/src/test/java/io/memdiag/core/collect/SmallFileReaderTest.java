package io.memdiag.core.collect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void aMissingFileThrowsForTheCallerToNote(@TempDir Path dir) {
        assertThrows(IOException.class, () -> reader.read(dir.resolve("absent")));
    }
}
