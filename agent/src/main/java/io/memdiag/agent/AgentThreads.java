package io.memdiag.agent;

import io.memdiag.bootstrap.Bridge;
import io.memdiag.bootstrap.ReentrancyGuard;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread the agent starts: daemon (never keeps the host alive), named {@code memdiag-*}
 * (visible as ours in thread dumps), marked in the re-entrancy guard so no hook fires on it,
 * and silent if it dies.
 *
 * <p>Written with nested classes, not lambdas: the start's threads are made on {@code main}
 * before the application's {@code main}, and each lambda's first use makes the JVM spin a class
 * there (on JDK 24 and later with the JDK's class-file API, still interpreted at that point).
 */
final class AgentThreads implements ThreadFactory {

    private final String name;
    private final AtomicInteger count = new AtomicInteger();

    AgentThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable task) {
        int n = count.getAndIncrement();
        Thread t = new AgentThread(task, Bridge.AGENT_THREAD_PREFIX + name + (n == 0 ? "" : "-" + n));
        t.setDaemon(true);
        t.setUncaughtExceptionHandler(DiesSilently.INSTANCE);
        return t;
    }

    private static final class AgentThread extends Thread {

        private final Runnable task;

        AgentThread(Runnable task, String name) {
            super(name);
            this.task = task;
        }

        @Override
        public void run() {
            ReentrancyGuard.markAgentThread();
            task.run();
        }
    }

    /** Whatever escapes an agent thread dies with it: the default handler would print a stack trace on the host's stderr. */
    private static final class DiesSilently implements Thread.UncaughtExceptionHandler {

        static final DiesSilently INSTANCE = new DiesSilently();

        @Override
        public void uncaughtException(Thread thread, Throwable error) {
        }
    }
}
