package io.memdiag.agent.instrument;

import io.memdiag.bootstrap.Bridge;
import io.memdiag.core.resources.ResourceKind;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of sun.nio.ch.NioSocketImpl.create(boolean), where every java.net.Socket
 * and ServerSocket gets its descriptor (JDK 13+, JEP 353).
 */
public final class SocketOpenAdvice {

    private SocketOpenAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object self, @Advice.FieldValue("server") boolean server) {
        Bridge.resourceOpened(server ? ResourceKind.SERVER_SOCKET_CODE : ResourceKind.SOCKET_CODE, self, server ? "server socket" : "socket");
    }
}
