package io.memdiag.agent.instrument;

import io.memdiag.agent.instrument.Hook.Value;
import net.bytebuddy.jar.asm.Type;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which JDK methods get which call: the thread hook always, the resource hooks with
 * {@code resources=on}. Opens are hooked where the JDK has the descriptor in hand (before each
 * normal return of the constructor or method that obtains it: a constructor that throws opened
 * nothing); closes at the entry of the method that releases it, so a close that throws still
 * counts (the attempt was made, and a retry finds it already closed).
 *
 * <p>Keyed by internal class name; every class here is a bootstrap-loader class.
 */
final class HookCatalog {

    static final String BRIDGE = "io/memdiag/bootstrap/Bridge";
    static final String JDK_HOOKS = "io/memdiag/bootstrap/JdkHooks";

    /** The exceptions the JDK throws when an open fails, hooked with the resources. */
    static final List<String> OPEN_FAILURES = List.of("java/io/FileNotFoundException", "java/nio/file/FileSystemException",
            "java/net/SocketException");

    private final Map<String, List<Hook>> byClass = new HashMap<>();
    /** The same classes by Class.getName(): the install asks of every loaded class, a few thousand. */
    private final Set<String> binaryNames = new HashSet<>();

    private HookCatalog() {
    }

    /** No JDK class at all: for tests whose bridge classes are not in the bootstrap loader. */
    static HookCatalog none() {
        return new HookCatalog();
    }

    static HookCatalog forOptions(boolean trackResources) {
        HookCatalog c = new HookCatalog();
        // start(), and from JDK 19 start(ThreadContainer), which executors use instead (JDK 21+
        // ThreadPoolExecutor starts its workers through a thread container); neither calls the other
        c.add("java/lang/Thread", exit("start", argCount(0).or(argCount(1)), JDK_HOOKS, "threadStarted", "(Ljava/lang/Thread;)V", Value.THIS));
        if (!trackResources) {
            return c;
        }
        for (String stream : new String[] {"java/io/FileInputStream", "java/io/FileOutputStream", "java/io/RandomAccessFile"}) {
            // the File constructors: the String ones delegate to them
            c.add(stream, exit("<init>", firstArg("Ljava/io/File;"), JDK_HOOKS, "fileStreamOpened", "(Ljava/lang/Object;Ljava/io/File;)V",
                    Value.THIS, Value.argument(0)));
            c.add(stream, close("close"));
        }
        // every NIO path to a file: FileChannel.open, Files.newInputStream/newOutputStream/newByteChannel and what is built on them
        c.add("sun/nio/ch/FileChannelImpl", exit("<init>", firstArg("Ljava/io/FileDescriptor;"), JDK_HOOKS, "fileChannelOpened",
                "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/String;)V", Value.THIS, Value.field("parent"), Value.field("path")));
        c.add("sun/nio/ch/FileChannelImpl", close("implCloseChannel"));
        c.add("sun/nio/fs/UnixDirectoryStream", exit("<init>", any(), JDK_HOOKS, "directoryOpened", "(Ljava/lang/Object;Ljava/lang/Object;)V",
                Value.THIS, Value.argument(0)));
        // closeImpl, not close: UnixSecureDirectoryStream (what Files.list and walk get on Linux)
        // wraps a UnixDirectoryStream and closes it through closeImpl only
        c.add("sun/nio/fs/UnixDirectoryStream", close("closeImpl"));
        String socket = "sun/nio/ch/NioSocketImpl";
        c.add(socket, exit("create", exactArgs("Z"), JDK_HOOKS, "socketCreated", "(Ljava/lang/Object;Z)V", Value.THIS, Value.field("server")));
        c.add(socket, exit("accept", argCount(1), JDK_HOOKS, "socketAccepted", "(Ljava/lang/Object;)V", Value.argument(0)));
        c.add(socket, described("connect", exactArgs("Ljava/net/SocketAddress;I")));
        c.add(socket, described("bind", exactArgs("Ljava/net/InetAddress;I")));
        c.add(socket, close("close"));
        for (String channel : new String[] {"sun/nio/ch/SocketChannelImpl", "sun/nio/ch/ServerSocketChannelImpl",
                "sun/nio/ch/DatagramChannelImpl", "sun/nio/ch/SourceChannelImpl", "sun/nio/ch/SinkChannelImpl"}) {
            c.add(channel, channelOpened());
            c.add(channel, close("implCloseSelectableChannel"));
            c.add(channel, described("connect", exactArgs("Ljava/net/SocketAddress;")));
            c.add(channel, described("bind", firstArg("Ljava/net/SocketAddress;")));
        }
        c.add("sun/nio/ch/SimpleAsynchronousFileChannelImpl", channelOpened());
        c.add("sun/nio/ch/SimpleAsynchronousFileChannelImpl", close("close"));
        c.add("sun/nio/ch/EPollSelectorImpl", channelOpened());
        c.add("sun/nio/ch/EPollSelectorImpl", close("implClose"));
        c.add("java/util/zip/ZipFile", exit("<init>", firstArg("Ljava/io/File;"), JDK_HOOKS, "zipFileOpened", "(Ljava/lang/Object;Ljava/io/File;)V",
                Value.THIS, Value.argument(0)));
        c.add("java/util/zip/ZipFile", close("close"));
        c.add("java/nio/DirectByteBuffer", exit("<init>", exactArgs("I"), BRIDGE, "directAllocated", "(Ljava/lang/Object;I)V",
                Value.THIS, Value.argument(0)));
        for (String codec : new String[] {"java/util/zip/Inflater", "java/util/zip/Deflater"}) {
            c.add(codec, channelOpened());
            c.add(codec, close("end"));
        }
        // the exceptions the JDK throws when an open fails: "Too many open files" makes a report at once
        for (String failure : OPEN_FAILURES) {
            c.add(failure, exit("<init>", any(), BRIDGE, "openFailed", "(Ljava/lang/Throwable;)V", Value.THIS));
        }
        return c;
    }

    /** The hooks of the AutoCloseable types named in resources.track, whatever their class. */
    static List<Hook> trackedTypeHooks() {
        return List.of(exit("<init>", any(), JDK_HOOKS, "trackedTypeOpened", "(Ljava/lang/Object;)V", Value.THIS), close("close"));
    }

    /** @return the hooks for this class, or null when it has none */
    List<Hook> hooks(String internalName) {
        return byClass.get(internalName);
    }

    boolean contains(String internalName) {
        return byClass.containsKey(internalName);
    }

    /** @param binaryName as {@link Class#getName()} spells it: java.lang.Thread */
    boolean containsBinaryName(String binaryName) {
        return binaryNames.contains(binaryName);
    }

    private void add(String owner, Hook hook) {
        byClass.computeIfAbsent(owner, k -> new ArrayList<>()).add(hook);
        binaryNames.add(owner.replace('/', '.'));
    }

    private static Hook exit(String method, Predicate<String> desc, String target, String hook, String hookDesc, Value... values) {
        return new Hook(method, desc, false, target, hook, hookDesc, List.of(values));
    }

    private static Hook close(String method) {
        return new Hook(method, argCount(0), true, BRIDGE, "resourceClosed", "(Ljava/lang/Object;)V", List.of(Value.THIS));
    }

    private static Hook channelOpened() {
        return exit("<init>", any(), JDK_HOOKS, "channelOpened", "(Ljava/lang/Object;)V", Value.THIS);
    }

    /** After a connect or bind returns, the address becomes the resource's description. */
    private static Hook described(String method, Predicate<String> desc) {
        return exit(method, desc, BRIDGE, "resourceDescribed", "(Ljava/lang/Object;Ljava/lang/Object;)V", Value.THIS, Value.argument(0));
    }

    private static Predicate<String> any() {
        return d -> true;
    }

    private static Predicate<String> argCount(int n) {
        return d -> Type.getArgumentTypes(d).length == n;
    }

    /** @param args the parameter descriptors, concatenated: exactly these */
    private static Predicate<String> exactArgs(String args) {
        return d -> d.startsWith("(" + args + ")");
    }

    private static Predicate<String> firstArg(String arg) {
        return d -> d.startsWith("(" + arg);
    }
}
