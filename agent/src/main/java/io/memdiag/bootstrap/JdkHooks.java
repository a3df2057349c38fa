package io.memdiag.bootstrap;

import io.memdiag.core.resources.ResourceKind;
import io.memdiag.core.ring.EventType;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * What the calls woven into JDK classes (and the {@code resources.track} types) invoke: one
 * static call with the method's own values, so the woven bytecode is a few loads and an
 * {@code invokestatic} (see io.memdiag.agent.instrument.HookCatalog). Working out the kind and
 * the description happens here, under a catch of every Throwable, so no hook can throw into the
 * host; then it is handed to {@link Bridge}. The ResourceKind and EventType codes are
 * compile-time constants, copied into this class by javac: it links against java.base only.
 */
public final class JdkHooks {

    private JdkHooks() {
    }

    /** End of Thread.start() and, from JDK 19, Thread.start(ThreadContainer), when they return. */
    public static void threadStarted(Thread thread) {
        Bridge.threadStarted(EventType.THREAD_START, thread);
    }

    /**
     * End of the FileInputStream, FileOutputStream and RandomAccessFile constructors that take
     * a File (the String ones delegate to them).
     */
    public static void fileStreamOpened(Object stream, File file) {
        try {
            int kind = stream instanceof FileInputStream ? ResourceKind.FILE_INPUT_STREAM_CODE
                    : stream instanceof FileOutputStream ? ResourceKind.FILE_OUTPUT_STREAM_CODE
                    : ResourceKind.RANDOM_ACCESS_FILE_CODE;
            Bridge.resourceOpened(kind, stream, file.getPath());
        } catch (Throwable t) {
            Bridge.hookFailed(t);
        }
    }

    /**
     * End of sun.nio.ch.FileChannelImpl's constructor, which every NIO path to a file goes
     * through. A channel with a parent came from a stream's getChannel(): the stream's record
     * already covers it, and closing one closes the other.
     */
    public static void fileChannelOpened(Object channel, Object parent, String path) {
        if (parent == null) {
            Bridge.resourceOpened(ResourceKind.FILE_CHANNEL_CODE, channel, path);
        }
    }

    /** End of sun.nio.fs.UnixDirectoryStream's constructor (newDirectoryStream, list, walk, find). */
    public static void directoryOpened(Object stream, Object directory) {
        try {
            Bridge.resourceOpened(ResourceKind.DIRECTORY_STREAM_CODE, stream, String.valueOf(directory));
        } catch (Throwable t) {
            Bridge.hookFailed(t);
        }
    }

    /** End of sun.nio.ch.NioSocketImpl.create(boolean): every Socket and ServerSocket (JDK 13+, JEP 353). */
    public static void socketCreated(Object socket, boolean server) {
        Bridge.resourceOpened(server ? ResourceKind.SERVER_SOCKET_CODE : ResourceKind.SOCKET_CODE, socket,
                server ? "server socket" : "socket");
    }

    /** End of NioSocketImpl.accept(SocketImpl): the accepted socket gets its descriptor without create(). */
    public static void socketAccepted(Object accepted) {
        Bridge.resourceOpened(ResourceKind.SOCKET_CODE, accepted, "accepted socket");
    }

    /** End of ZipFile's constructors that take a File (JarFile's end there too). */
    public static void zipFileOpened(Object zip, File file) {
        try {
            Bridge.resourceOpened(ResourceKind.ZIP_FILE_CODE, zip, file.getPath());
        } catch (Throwable t) {
            Bridge.hookFailed(t);
        }
    }

    /**
     * End of the constructors of the network and pipe channels, the asynchronous file channel,
     * the selector, Inflater and Deflater: the kind comes from the object's type, so one hook
     * serves them all. Delegating constructors are counted once by the tracker.
     */
    public static void channelOpened(Object resource) {
        try {
            int kind = resource instanceof SocketChannel ? ResourceKind.SOCKET_CHANNEL_CODE
                    : resource instanceof ServerSocketChannel ? ResourceKind.SERVER_SOCKET_CHANNEL_CODE
                    : resource instanceof DatagramChannel ? ResourceKind.DATAGRAM_CHANNEL_CODE
                    : resource instanceof Inflater ? ResourceKind.INFLATER_CODE
                    : resource instanceof Deflater ? ResourceKind.DEFLATER_CODE
                    : resource instanceof Pipe.SourceChannel || resource instanceof Pipe.SinkChannel ? ResourceKind.PIPE_CODE
                    : resource instanceof AsynchronousFileChannel ? ResourceKind.ASYNC_FILE_CHANNEL_CODE
                    : ResourceKind.SELECTOR_CODE;
            Bridge.resourceOpened(kind, resource, resource instanceof Pipe.SourceChannel ? "pipe source"
                    : resource instanceof Pipe.SinkChannel ? "pipe sink" : "");
        } catch (Throwable t) {
            Bridge.hookFailed(t);
        }
    }

    /**
     * End of the constructors of the AutoCloseable types named in resources.track (a JDBC
     * driver's connections, statements and result sets, for instance). A subclass's constructor
     * and its superclass's both end here; the tracker counts the object once.
     */
    public static void trackedTypeOpened(Object resource) {
        try {
            Bridge.resourceOpened(ResourceKind.AUTO_CLOSEABLE_CODE, resource, resource.getClass().getName());
        } catch (Throwable t) {
            Bridge.hookFailed(t);
        }
    }
}
