package io.memdiag.agent.attach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** What can be learnt about another process without attaching to it (Linux {@code /proc}). */
final class TargetJvm {

    private TargetJvm() {
    }

    /** The JDK version from the {@code release} file next to the process's java binary, or "?". */
    static String javaVersion(long pid) {
        try {
            Path exe = Paths.get("/proc/" + pid + "/exe").toRealPath();
            Path release = exe.getParent().getParent().resolve("release");
            for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return line.substring("JAVA_VERSION=".length()).replace("\"", "").trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, another user's process, or no release file
        }
        return "?";
    }

    /** The process's command line, arguments separated by spaces, or "" when unknown. */
    static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Paths.get("/proc/" + pid + "/cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The feature number of a {@code java.specification.version} ("17", "1.8" gives 8), or -1. */
    static int feature(String specificationVersion) {
        if (specificationVersion == null) {
            return -1;
        }
        String v = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        try {
            return Integer.parseInt(v.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * False when the process's memory map is readable and holds no JVM library: certainly not a
     * JVM, so there is no need to wait out the Attach API's ten-second handshake. True when it
     * is, or when this cannot be told (not Linux, another user's process).
     */
    static boolean mayBeJvm(long pid) {
        Path maps = Paths.get("/proc/" + pid + "/maps");
        try (java.util.stream.Stream<String> lines = Files.lines(maps, StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(l -> l.contains("/libjvm."));
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }
}
