package io.memdiag.core.resources;

/**
 * The resources memdiag tracks from open to close. The ordinal travels as an int from the
 * bootstrap bridge (a compile-time constant there), so the order is part of the agent's wire format.
 */
public enum ResourceKind {
    FILE_INPUT_STREAM("java.io.FileInputStream"),
    FILE_OUTPUT_STREAM("java.io.FileOutputStream"),
    RANDOM_ACCESS_FILE("java.io.RandomAccessFile"),
    FILE_CHANNEL("java.nio.channels.FileChannel (FileChannel.open, Files.newInputStream/newOutputStream/newByteChannel/newBufferedReader/newBufferedWriter/lines)"),
    DIRECTORY_STREAM("java.nio.file.DirectoryStream (Files.newDirectoryStream/list/walk/find)"),
    SOCKET("java.net.Socket (including sockets accepted by a ServerSocket)"),
    SERVER_SOCKET("java.net.ServerSocket"),
    SOCKET_CHANNEL("java.nio.channels.SocketChannel (including channels accepted by a ServerSocketChannel)"),
    SERVER_SOCKET_CHANNEL("java.nio.channels.ServerSocketChannel"),
    DATAGRAM_CHANNEL("java.nio.channels.DatagramChannel (and java.net.DatagramSocket, built on it)"),
    SELECTOR("java.nio.channels.Selector"),
    ZIP_FILE("java.util.zip.ZipFile (and java.util.jar.JarFile)"),
    INFLATER("java.util.zip.Inflater (closed by end(); holds native memory)"),
    DEFLATER("java.util.zip.Deflater (closed by end(); holds native memory)"),
    AUTO_CLOSEABLE("an AutoCloseable of a type named in resources.track (JDBC connections, statements, result sets ...)"),
    PIPE("java.nio.channels.Pipe (its source and sink channels, each holding a descriptor)"),
    ASYNC_FILE_CHANNEL("java.nio.channels.AsynchronousFileChannel");

    /** Compile-time codes for the bridge; must equal the ordinals above. */
    public static final int FILE_INPUT_STREAM_CODE = 0;
    public static final int FILE_OUTPUT_STREAM_CODE = 1;
    public static final int RANDOM_ACCESS_FILE_CODE = 2;
    public static final int FILE_CHANNEL_CODE = 3;
    public static final int DIRECTORY_STREAM_CODE = 4;
    public static final int SOCKET_CODE = 5;
    public static final int SERVER_SOCKET_CODE = 6;
    public static final int SOCKET_CHANNEL_CODE = 7;
    public static final int SERVER_SOCKET_CHANNEL_CODE = 8;
    public static final int DATAGRAM_CHANNEL_CODE = 9;
    public static final int SELECTOR_CODE = 10;
    public static final int ZIP_FILE_CODE = 11;
    public static final int INFLATER_CODE = 12;
    public static final int DEFLATER_CODE = 13;
    public static final int AUTO_CLOSEABLE_CODE = 14;
    public static final int PIPE_CODE = 15;
    public static final int ASYNC_FILE_CHANNEL_CODE = 16;

    private final String apiName;

    ResourceKind(String apiName) {
        this.apiName = apiName;
    }

    /** What an operator recognises in code: the type or API that opened it. */
    public String apiName() {
        return apiName;
    }

    public static ResourceKind of(int code) {
        ResourceKind[] all = values();
        return code >= 0 && code < all.length ? all[code] : null;
    }
}
