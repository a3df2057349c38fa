package io.memdiag.agent.instrument;

import io.memdiag.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of the constructors of FileNotFoundException, FileSystemException and
 * SocketException: the exceptions the JDK throws when an open fails. The bridge checks the
 * message for "Too many open files" (EMFILE), and the agent writes a report at once.
 */
public final class OpenFailedAdvice {

    private OpenFailedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Throwable self) {
        Bridge.openFailed(self);
    }
}
