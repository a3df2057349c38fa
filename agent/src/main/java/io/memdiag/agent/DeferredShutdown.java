package io.memdiag.agent;

import java.util.concurrent.TimeUnit;

/**
 * The agent's shutdown hook, which runs the final report the start hands over. For an agent that
 * starts on its own thread it is registered before the start, so a process that ends while the
 * agent is still starting waits for it (a bounded time) and still gets its final report; a
 * start on the caller's thread registers it itself, with no start to wait for.
 */
final class DeferredShutdown implements Runnable {

    /** How long a JVM that is shutting down waits for the agent's start to finish. */
    static final long START_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(5);

    private final Thread hook = new AgentThreads("shutdown").newThread(this); // not this::run: see AgentThreads
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

    /** The hook's body; not to be called otherwise. */
    @Override
    public void run() {
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
