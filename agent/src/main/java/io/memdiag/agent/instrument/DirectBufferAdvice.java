package io.memdiag.agent.instrument;

import io.memdiag.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of DirectByteBuffer(int): the constructor behind ByteBuffer.allocateDirect. */
public final class DirectBufferAdvice {

    private DirectBufferAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object self, @Advice.Argument(0) int capacity) {
        Bridge.directAllocated(self, capacity);
    }
}
