package io.memdiag.agent.instrument;

import io.memdiag.bootstrap.Bridge;
import io.memdiag.core.resources.ResourceKind;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of sun.nio.fs.UnixDirectoryStream's constructor: Files.newDirectoryStream,
 * list, walk and find all open directories through it, each holding a descriptor until closed.
 */
public final class DirectoryStreamOpenAdvice {

    private DirectoryStreamOpenAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object self, @Advice.Argument(0) Object directory) {
        Bridge.resourceOpened(ResourceKind.DIRECTORY_STREAM_CODE, self, String.valueOf(directory));
    }
}
