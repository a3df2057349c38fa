package io.memdiag.agent.instrument;

import io.memdiag.bootstrap.Bridge;
import io.memdiag.core.resources.ResourceKind;
import net.bytebuddy.asm.Advice;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;

/**
 * Inlined at the end of the constructors of FileInputStream, FileOutputStream and
 * RandomAccessFile that take a File (the String ones delegate to them): the file is open once
 * the constructor returns normally. References only the bridge, JDK types and constants.
 */
public final class FileStreamOpenAdvice {

    private FileStreamOpenAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object self, @Advice.Argument(0) File file) {
        int kind = self instanceof FileInputStream ? ResourceKind.FILE_INPUT_STREAM_CODE
                : self instanceof FileOutputStream ? ResourceKind.FILE_OUTPUT_STREAM_CODE
                : ResourceKind.RANDOM_ACCESS_FILE_CODE;
        Bridge.resourceOpened(kind, self, file.getPath());
    }
}
