package io.memdiag.agent.instrument;

import io.memdiag.core.engine.FailureLog;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

import java.io.File;
import java.io.FileDescriptor;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

/**
 * Installs the agent's transformations with one Byte Buddy {@link AgentBuilder}.
 *
 * <p>Ignored everywhere: the agent's own packages, Byte Buddy, and synthetic classes, so the
 * agent never instruments (and so never observes) itself. Already loaded classes are
 * retransformed, which is why the advice changes method bodies only (no new fields or methods).
 * The transformer is resettable so a later {@code stop} can restore the original bytecode.
 */
public final class Instrumenter {

    private final FailureLog failures;

    public Instrumenter(FailureLog failures) {
        this.failures = failures;
    }

    /**
     * @param trackResources also hook files, channels, directory streams, sockets, selectors,
     *                       zip files, inflaters and deflaters
     */
    public ResettableClassFileTransformer install(Instrumentation inst, boolean trackResources) {
        return install(inst, trackResources, List.of());
    }

    /**
     * @param trackedTypes package or class name prefixes (resources.track) whose AutoCloseable
     *                     classes are tracked from construction to close()
     */
    public ResettableClassFileTransformer install(Instrumentation inst, boolean trackResources, List<String> trackedTypes) {
        if (trackResources) {
            preloadOpenFailures();
        }
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                // All loaded classes in one retransformation, so a class and its close() hook (or a
                // subclass and its base) change together; should the batch fail, the listener retries
                // class by class, so one unmodifiable class cannot leave the others untouched.
                .with(new RetransformationFailures(failures))
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new FailureListener(failures))
                .ignore(nameStartsWith("io.memdiag.agent.").or(nameStartsWith("io.memdiag.core."))
                        .or(nameStartsWith("io.memdiag.bootstrap."))
                        .or(nameStartsWith("net.bytebuddy."))
                        .or(isSynthetic()))
                .type(named("java.lang.Thread"))
                // start(), and from JDK 19 start(ThreadContainer), which executors use instead (JDK 21+
                // ThreadPoolExecutor starts its workers through a thread container); neither calls the other
                .transform(advice(named("start").and(takesNoArguments().or(takesArguments(1))), ThreadStartAdvice.class));
        if (trackResources) {
            builder = builder
                    .type(named("java.io.FileInputStream").or(named("java.io.FileOutputStream")).or(named("java.io.RandomAccessFile")))
                    .transform(advice(isConstructor().and(takesArgument(0, File.class)), FileStreamOpenAdvice.class))
                    .transform(advice(named("close").and(takesNoArguments()), ResourceCloseAdvice.class))
                    .type(named("sun.nio.ch.FileChannelImpl"))
                    .transform(advice(isConstructor().and(takesArgument(0, FileDescriptor.class)), FileChannelOpenAdvice.class))
                    .transform(advice(named("implCloseChannel").and(takesNoArguments()), ResourceCloseAdvice.class))
                    .type(named("sun.nio.fs.UnixDirectoryStream"))
                    .transform(advice(isConstructor(), DirectoryStreamOpenAdvice.class))
                    // closeImpl, not close: UnixSecureDirectoryStream (what Files.list and walk get on
                    // Linux) wraps a UnixDirectoryStream and closes it through closeImpl only
                    .transform(advice(named("closeImpl").and(takesNoArguments()), ResourceCloseAdvice.class))
                    .type(named("sun.nio.ch.NioSocketImpl"))
                    .transform(advice(named("create").and(takesArguments(boolean.class)), SocketOpenAdvice.class))
                    .transform(advice(named("accept").and(takesArguments(1)), SocketAcceptAdvice.class))
                    .transform(advice(named("connect").and(takesArguments(SocketAddress.class, int.class))
                            .or(named("bind").and(takesArguments(InetAddress.class, int.class))), SocketAddressAdvice.class))
                    .transform(advice(named("close").and(takesNoArguments()), ResourceCloseAdvice.class))
                    .type(named("sun.nio.ch.SocketChannelImpl").or(named("sun.nio.ch.ServerSocketChannelImpl"))
                            .or(named("sun.nio.ch.DatagramChannelImpl")).or(named("sun.nio.ch.SourceChannelImpl"))
                            .or(named("sun.nio.ch.SinkChannelImpl")))
                    .transform(advice(isConstructor(), KindOpenAdvice.class))
                    .transform(advice(named("implCloseSelectableChannel").and(takesNoArguments()), ResourceCloseAdvice.class))
                    .transform(advice(named("connect").and(takesArguments(SocketAddress.class))
                            .or(named("bind").and(takesArgument(0, SocketAddress.class))), SocketAddressAdvice.class))
                    .type(named("sun.nio.ch.SimpleAsynchronousFileChannelImpl"))
                    .transform(advice(isConstructor(), KindOpenAdvice.class))
                    .transform(advice(named("close").and(takesNoArguments()), ResourceCloseAdvice.class))
                    .type(named("sun.nio.ch.EPollSelectorImpl"))
                    .transform(advice(isConstructor(), KindOpenAdvice.class))
                    .transform(advice(named("implClose").and(takesNoArguments()), ResourceCloseAdvice.class))
                    .type(named("java.util.zip.ZipFile"))
                    .transform(advice(isConstructor().and(takesArgument(0, File.class)), ZipFileOpenAdvice.class))
                    .transform(advice(named("close").and(takesNoArguments()), ResourceCloseAdvice.class))
                    .type(named("java.nio.DirectByteBuffer"))
                    .transform(advice(isConstructor().and(takesArguments(int.class)), DirectBufferAdvice.class))
                    .type(named("java.util.zip.Inflater").or(named("java.util.zip.Deflater")))
                    .transform(advice(isConstructor(), KindOpenAdvice.class))
                    .transform(advice(named("end").and(takesNoArguments()), ResourceCloseAdvice.class))
                    .type(named("java.io.FileNotFoundException").or(named("java.nio.file.FileSystemException"))
                            .or(named("java.net.SocketException")))
                    .transform(advice(isConstructor(), OpenFailedAdvice.class));
            if (!trackedTypes.isEmpty()) {
                ElementMatcher.Junction<TypeDescription> names = none();
                for (String prefix : trackedTypes) {
                    names = names.or(nameStartsWith(prefix));
                }
                // the name test first: the supertype walk only runs for the user's own packages
                builder = builder
                        .type(names.and(not(isInterface())).and(isSubTypeOf(AutoCloseable.class)))
                        .transform(advice(isConstructor(), AutoCloseableOpenAdvice.class))
                        .transform(advice(named("close").and(takesNoArguments()).and(not(isAbstract())), ResourceCloseAdvice.class));
            }
        }
        return builder.installOn(inst);
    }

    /**
     * The exceptions of a failed open are often first loaded at the worst moment: when the
     * process is out of descriptors and transforming them at load time cannot read what it
     * needs. Loaded now, they are retransformed with everything else.
     */
    private static void preloadOpenFailures() {
        for (String name : new String[] {"java.io.FileNotFoundException", "java.nio.file.FileSystemException",
                "java.net.SocketException"}) {
            try {
                Class.forName(name, false, null);
            } catch (ClassNotFoundException ignored) {
                // not in this JDK: nothing to hook
            }
        }
    }

    private static AgentBuilder.Transformer advice(ElementMatcher<? super MethodDescription> methods, Class<?> adviceClass) {
        return new AgentBuilder.Transformer.ForAdvice()
                .include(adviceClass.getClassLoader())
                .advice(methods, adviceClass.getName());
    }

    /**
     * Byte Buddy's default initialization strategy injects its Nexus class into the system
     * class loader (visible to the host, breaking isolation) and reaches for sun.misc.Unsafe,
     * which JDK 24+ warns about on stderr. Our advice needs neither. Byte Buddy reads the
     * {@code net.bytebuddy.nexus.disabled} switch once, when its NexusAccessor class initialises,
     * so the switch is set, that class initialised, and the host's value put back. Call this in
     * premain, before the host's code runs: a host that uses Byte Buddy itself must never see
     * the switch flipped.
     */
    public static void disableNexus() throws ClassNotFoundException {
        String key = "net.bytebuddy.nexus.disabled";
        String previous = System.getProperty(key);
        System.setProperty(key, "true");
        try {
            Class.forName("net.bytebuddy.dynamic.NexusAccessor", true, Instrumenter.class.getClassLoader());
        } finally {
            if (previous == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previous);
            }
        }
    }

    /**
     * A failed batch is retried one class at a time; a single class that still fails is logged
     * once and skipped, and the others go on.
     */
    private static final class RetransformationFailures extends AgentBuilder.RedefinitionStrategy.Listener.Adapter {
        private final FailureLog failures;

        RetransformationFailures(FailureLog failures) {
            this.failures = failures;
        }

        @Override
        public Iterable<? extends List<Class<?>>> onError(int index, List<Class<?>> batch, Throwable throwable, List<Class<?>> types) {
            if (batch.size() > 1) {
                List<List<Class<?>>> singles = new java.util.ArrayList<>();
                for (Class<?> type : batch) {
                    singles.add(List.of(type));
                }
                return singles;
            }
            failures.once("retransforming " + batch, throwable);
            return java.util.Collections.emptyList();
        }
    }

    /** Instrumentation errors are the agent's failures: logged once, never thrown at the host. */
    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        private final FailureLog failures;

        FailureListener(FailureLog failures) {
            this.failures = failures;
        }

        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
            failures.once("instrumenting " + typeName, throwable);
        }

        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
                                     boolean loaded, DynamicType dynamicType) {
            // nothing: success is the normal case and must stay silent
        }
    }
}
