package io.memdiag.agent.instrument;

import io.memdiag.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of the connect and bind methods of sockets and socket channels: once they
 * return normally the address is known, and it becomes the tracked resource's description.
 */
public final class SocketAddressAdvice {

    private SocketAddressAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object self, @Advice.Argument(0) Object address) {
        Bridge.resourceDescribed(self, address);
    }
}
