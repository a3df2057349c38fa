package io.memdiag.samples.bench;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another program's {@code main} in this JVM and, when the JVM exits (normally or through
 * {@code System.exit}, which compilers' command-line mains call), prints what the harness
 * ({@link ThirdPartyOverhead}) needs: the time spent from entering that {@code main} to exit,
 * then {@link SelfStats} (process CPU time and peak RSS). The lines start with
 * {@code memdiag-bench} so the program's own output cannot be mistaken for them.
 *
 * <p>usage: java -cp memdiag-samples.jar:program.jar io.memdiag.samples.bench.Measured
 * program.Main [its arguments]
 */
public final class Measured {

    private Measured() {
    }

    public static void main(String[] args) throws Throwable {
        long start = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("memdiag-bench work-ms " + (System.nanoTime() - start) / 1_000_000);
            System.out.println("memdiag-bench cpu-ms " + SelfStats.cpuMs());
            System.out.println("memdiag-bench peak-rss-kb " + SelfStats.peakRssKb());
            System.out.flush();
        }, "bench-stats"));
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
