package io.memdiag.samples;

import java.lang.management.ManagementFactory;

/**
 * Prints the JVM's uptime when main is entered: the start-up cost a -javaagent adds shows here.
 * With a number of milliseconds as argument it then says "lingering" and sleeps that long, so
 * a benchmark can read the process's CPU time after the start while it is still alive.
 */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) throws InterruptedException {
        long uptimeAtMain = ManagementFactory.getRuntimeMXBean().getUptime();
        System.out.println("uptime-at-main-ms " + uptimeAtMain);
        if (args.length > 0) {
            System.out.println("lingering");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[0]));
        }
    }
}
