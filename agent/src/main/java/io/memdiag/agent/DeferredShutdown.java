package io.memdiag.agent;

import java.util.concurrent.TimeUnit;

/**
 * The shutdown hook of an agent that starts on its own thread: registered before the start, so a
 * process that ends while the agent is still starting waits for it (a bounded time) and still
 * gets its final report; the start hands over the final report when it has one.
 */
final class DeferredShutdown {

    /** How long a JVM that is shutting down waits for the agent's start to finish. */
    static final long START_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(5);

    private final Thread hook = new AgentThreads("shutdown").newThread(this::run);
    private volatile Thread starting;
    private volatile Runnable finalReport;

    void after(Thread start) {
        this.starting = start;
    }

    void then(Runnable report) {
        this.finalReport = report;
    }

    Thread hook() {
        return hook;
    }

    private void run() {
        Thread start = starting;
        if (start != null) {
            try {
                start.join(START_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runnable report = finalReport;
        if (report != null) {
            report.run();
        }
    }
}
