package io.memdiag.agent.instrument;

import io.memdiag.bootstrap.Bridge;
import io.memdiag.core.ring.EventType;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@link Thread#start()} and, from JDK 19, of {@code Thread.start(ThreadContainer)}. References only the bootstrap bridge and a
 * compile-time constant (copied into the bytecode), because this code runs inside java.lang.Thread.
 */
public final class ThreadStartAdvice {

    private ThreadStartAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Thread thread, @Advice.Thrown Throwable thrown) {
        if (thrown == null) {
            Bridge.threadStarted(EventType.THREAD_START, thread);
        }
    }
}
