package io.memdiag.agent.instrument;

import io.memdiag.bootstrap.Bridge;
import io.memdiag.core.resources.ResourceKind;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of the constructors of the AutoCloseable types named in resources.track
 * (a JDBC driver's connections, statements and result sets, for instance). A subclass's
 * constructor and its superclass's both end here; the tracker counts the object once.
 */
public final class AutoCloseableOpenAdvice {

    private AutoCloseableOpenAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object self) {
        Bridge.resourceOpened(ResourceKind.AUTO_CLOSEABLE_CODE, self, self.getClass().getName());
    }
}
