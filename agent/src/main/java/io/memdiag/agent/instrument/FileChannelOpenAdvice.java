package io.memdiag.agent.instrument;

import io.memdiag.bootstrap.Bridge;
import io.memdiag.core.resources.ResourceKind;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of sun.nio.ch.FileChannelImpl's constructor, which every NIO path to a
 * file goes through (FileChannel.open, Files.newInputStream/newOutputStream/newByteChannel and
 * the readers, writers and lines built on them). A channel with a parent came from a stream's
 * getChannel(): the stream's record already covers it, and closing one closes the other.
 * Fields are read by name because the constructor's parameters differ between JDK 17 and 25.
 */
public final class FileChannelOpenAdvice {

    private FileChannelOpenAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object self, @Advice.FieldValue("parent") Object parent,
                            @Advice.FieldValue("path") String path) {
        if (parent == null) {
            Bridge.resourceOpened(ResourceKind.FILE_CHANNEL_CODE, self, path);
        }
    }
}
