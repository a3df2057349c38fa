package io.memdiag.samples;

import java.lang.management.ManagementFactory;

/** Prints the JVM's uptime when main is entered: the start-up cost a -javaagent adds shows here. */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) {
        long uptimeAtMain = ManagementFactory.getRuntimeMXBean().getUptime();
        System.out.println("uptime-at-main-ms " + uptimeAtMain);
    }
}
