package io.memdiag.agent.instrument;

import io.memdiag.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of a tracked resource's close (even when it throws: the attempt was made). */
public final class ResourceCloseAdvice {

    private ResourceCloseAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object self) {
        Bridge.resourceClosed(self);
    }
}
