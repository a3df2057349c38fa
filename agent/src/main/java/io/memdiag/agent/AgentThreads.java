package io.memdiag.agent;

import io.memdiag.bootstrap.Bridge;
import io.memdiag.bootstrap.ReentrancyGuard;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread the agent starts: daemon (never keeps the host alive), named {@code memdiag-*}
 * (visible as ours in thread dumps), marked in the re-entrancy guard so no hook fires on it,
 * and silent if it dies.
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
        Thread t = new Thread(() -> {
            ReentrancyGuard.markAgentThread();
            task.run();
        }, Bridge.AGENT_THREAD_PREFIX + name + (n == 0 ? "" : "-" + n));
        t.setDaemon(true);
        // Whatever escapes an agent thread dies with it, silently: the default handler would
        // print a stack trace on the host's stderr.
        t.setUncaughtExceptionHandler((thread, error) -> { });
        return t;
    }
}
