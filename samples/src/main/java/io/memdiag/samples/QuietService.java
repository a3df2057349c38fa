package io.memdiag.samples;

import java.io.FileInputStream;
import java.io.IOException;

/**
 * A service that is idle nearly all the time: ten times a second {@link Tick#work()} allocates a
 * little and reads one byte through a {@link FileInputStream}, a few microseconds' work. So at any
 * moment practically no thread runs in {@code Tick}, and attach and stop can change its bytecode
 * (memdiag leaves a class some thread is running in as it is): the attach/stop tests need that.
 *
 * <p>args: [seconds to run, default 60]
 */
public final class QuietService {

    private QuietService() {
    }

    public static void main(String[] args) throws InterruptedException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long sum = 0;
        while (System.nanoTime() < end) {
            sum += Tick.work();
            Thread.sleep(100);
        }
        System.out.println("QuietService: checksum " + sum);
    }

    /** The work of one tick, in a class of its own so that the main loop's class is not it. */
    static final class Tick {

        private Tick() {
        }

        static long work() {
            byte[] scratch = new byte[1024];
            try (FileInputStream in = new FileInputStream("/proc/self/stat")) {
                scratch[0] = (byte) in.read();
            } catch (IOException e) {
                scratch[0] = -1; // not Linux: the allocation is what matters
            }
            return scratch[0] + new StringBuilder("tick").length();
        }
    }
}
