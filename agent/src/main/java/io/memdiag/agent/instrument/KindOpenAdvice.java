package io.memdiag.agent.instrument;

import io.memdiag.bootstrap.Bridge;
import io.memdiag.core.resources.ResourceKind;
import net.bytebuddy.asm.Advice;

import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Inlined at the end of the constructors of the network channels, pipe channels, the
 * asynchronous file channel, the selector, Inflater and Deflater: the resource is open once the constructor returns normally. The kind comes from
 * the object's type, so one advice serves them all; delegating constructors are counted once
 * by the tracker.
 */
public final class KindOpenAdvice {

    private KindOpenAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object self) {
        int kind = self instanceof SocketChannel ? ResourceKind.SOCKET_CHANNEL_CODE
                : self instanceof ServerSocketChannel ? ResourceKind.SERVER_SOCKET_CHANNEL_CODE
                : self instanceof DatagramChannel ? ResourceKind.DATAGRAM_CHANNEL_CODE
                : self instanceof Inflater ? ResourceKind.INFLATER_CODE
                : self instanceof Deflater ? ResourceKind.DEFLATER_CODE
                : self instanceof Pipe.SourceChannel || self instanceof Pipe.SinkChannel ? ResourceKind.PIPE_CODE
                : self instanceof AsynchronousFileChannel ? ResourceKind.ASYNC_FILE_CHANNEL_CODE
                : ResourceKind.SELECTOR_CODE;
        Bridge.resourceOpened(kind, self, self instanceof Pipe.SourceChannel ? "pipe source"
                : self instanceof Pipe.SinkChannel ? "pipe sink" : "");
    }
}
