package io.memdiag.samples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a benchmark workload prints about its own process at the end, for the harness
 * ({@link Overhead}) to read: CPU time of the whole process (all threads: the JIT, the GC and
 * any agent's included) and peak resident memory.
 */
public final class SelfStats {

    private SelfStats() {
    }

    /** Prints {@code cpu-ms <n>} and {@code peak-rss-kb <n>} (-1 when unknown) on stdout. */
    public static void print() {
        System.out.println("cpu-ms " + cpuMs());
        System.out.println("peak-rss-kb " + peakRssKb());
    }

    /** CPU time of the whole process so far, in ms; -1 when the platform does not say. */
    static long cpuMs() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    /** Clock ticks per second in /proc/<pid>/stat (USER_HZ, 100 on Linux's mainstream architectures). */
    static final long USER_HZ = 100;

    /**
     * User + system CPU time in ms from a {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat}
     * line: counted after the command name in parentheses, which may hold blanks, field 3 is the
     * state, 14 utime, 15 stime.
     */
    static long cpuMsOfStat(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / USER_HZ;
    }

    /** The process's peak resident set (VmHWM), in KB; -1 when unknown (not Linux). */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: unknown
        }
        return -1;
    }
}
