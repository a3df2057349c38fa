package io.memdiag.agent;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeferredShutdownTest {

    @Test
    void theHookWaitsForTheStartAndRunsTheReportItHandedOver() throws InterruptedException {
        DeferredShutdown shutdown = new DeferredShutdown();
        AtomicBoolean reported = new AtomicBoolean();
        Thread start = new Thread(() -> {
            try {
                Thread.sleep(300); // still starting when the JVM begins to shut down
            } catch (InterruptedException e) {
                return;
            }
            shutdown.then(() -> reported.set(true));
        });
        shutdown.after(start);
        start.start();
        runHook(shutdown); // what the JVM does at shutdown
        assertTrue(reported.get(), "the report handed over at the end of the start ran");
    }

    @Test
    void aStartThatFailedLeavesTheHookNothingToRunAndNoError() {
        DeferredShutdown shutdown = new DeferredShutdown();
        Thread failed = new Thread(() -> {
            throw new IllegalStateException("cannot write reports");
        });
        failed.setUncaughtExceptionHandler((t, e) -> { });
        shutdown.after(failed);
        failed.start();
        assertDoesNotThrow(() -> runHook(shutdown));
        assertFalse(failed.isAlive());
    }

    /** On its own thread, as the JVM runs it: the hook marks its thread as the agent's for good. */
    private static void runHook(DeferredShutdown shutdown) throws InterruptedException {
        Thread hook = shutdown.hook();
        hook.start();
        hook.join();
    }
}
