package io.memdiag.core.resources;

/**
 * The resources memdiag tracks from open to close. The ordinal travels as an int from the
 * advice (a compile-time constant there), so the order is part of the agent's wire format.
 */
public enum ResourceKind {
    FILE_INPUT_STREAM("java.io.FileInputStream"),
    FILE_OUTPUT_STREAM("java.io.FileOutputStream"),
    RANDOM_ACCESS_FILE("java.io.RandomAccessFile"),
    FILE_CHANNEL("java.nio.channels.FileChannel (FileChannel.open, Files.newInputStream/newOutputStream/newByteChannel/newBufferedReader/newBufferedWriter/lines)"),
    DIRECTORY_STREAM("java.nio.file.DirectoryStream (Files.newDirectoryStream/list/walk/find)");

    /** Compile-time codes for advice; must equal the ordinals above. */
    public static final int FILE_INPUT_STREAM_CODE = 0;
    public static final int FILE_OUTPUT_STREAM_CODE = 1;
    public static final int RANDOM_ACCESS_FILE_CODE = 2;
    public static final int FILE_CHANNEL_CODE = 3;
    public static final int DIRECTORY_STREAM_CODE = 4;

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
