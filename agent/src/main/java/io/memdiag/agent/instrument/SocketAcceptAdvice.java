package io.memdiag.agent.instrument;

import io.memdiag.bootstrap.Bridge;
import io.memdiag.core.resources.ResourceKind;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of sun.nio.ch.NioSocketImpl.accept(SocketImpl): the accepted socket's
 * implementation receives its descriptor here, without passing through create().
 */
public final class SocketAcceptAdvice {

    private SocketAcceptAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) Object accepted) {
        Bridge.resourceOpened(ResourceKind.SOCKET_CODE, accepted, "accepted socket");
    }
}
