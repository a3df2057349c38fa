package io.memdiag.agent.instrument;

import io.memdiag.bootstrap.Bridge;
import io.memdiag.core.resources.ResourceKind;
import net.bytebuddy.asm.Advice;

import java.io.File;

/** Inlined at the end of ZipFile's constructors that take a File (JarFile's end there too). */
public final class ZipFileOpenAdvice {

    private ZipFileOpenAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object self, @Advice.Argument(0) File file) {
        Bridge.resourceOpened(ResourceKind.ZIP_FILE_CODE, self, file.getPath());
    }
}
