package io.memdiag.samples.bench;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another program's {@code main} in this JVM and, when the JVM exits (normally or through
 * {@code System.exit}, which compilers' command-line mains call), prints what the harness
 * ({@link ThirdPartyOverhead}) needs: the time spent from entering that {@code main} to exit,
 * then {@link SelfStats} (process CPU time, peak RSS) and {@link ThreadRoleCpu}. The lines start with
 * {@code memdiag-bench} so the program's own output cannot be mistaken for them.
 *
 * <p>usage: java -cp memdiag-samples.jar:program.jar io.memdiag.samples.bench.Measured
 * program.Main [its arguments]
 */
public final class Measured {

    private static volatile long mainAllocatedMb = -1;

    private Measured() {
    }

    /**
     * Heap bytes the program's main thread allocated, in MB: the same work allocates the same
     * bytes from run to run whatever the machine's speed, so a difference between modes is the
     * agent's own doing (its hooks can keep the JIT from eliminating allocations by escape
     * analysis). -1 where the JVM does not count them.
     */
    static long allocatedMb(Thread t) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        if (threads instanceof com.sun.management.ThreadMXBean) {
            long bytes = ((com.sun.management.ThreadMXBean) threads).getThreadAllocatedBytes(t.getId());
            return bytes < 0 ? -1 : bytes >> 20;
        }
        return -1;
    }

    public static void main(String[] args) throws Throwable {
        long beforeMainMs = ThreadRoleCpu.currentThreadMs();
        long start = System.nanoTime();
        Thread mainThread = Thread.currentThread();
        ThreadRoleCpu roles = ThreadRoleCpu.polling(500);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("memdiag-bench work-ms " + (System.nanoTime() - start) / 1_000_000);
            long allocated = mainAllocatedMb;
            System.out.println("memdiag-bench main-allocated-mb " + (allocated >= 0 ? allocated : allocatedMb(mainThread)));
            System.out.println("memdiag-bench cpu-ms " + SelfStats.cpuMs());
            roles.msByRole().forEach((role, ms) -> System.out.println("memdiag-bench cpu-ms-" + role + " " + ms));
            System.out.println("memdiag-bench cpu-ms-before-main " + beforeMainMs);
            System.out.println("memdiag-bench peak-rss-kb " + SelfStats.peakRssKb());
            System.out.flush();
        }, "bench-stats"));
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
            mainAllocatedMb = allocatedMb(mainThread); // a thread that has ended has no count
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
