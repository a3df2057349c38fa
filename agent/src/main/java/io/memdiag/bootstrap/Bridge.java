package io.memdiag.bootstrap;

/**
 * Where every hook ends (directly, or through {@link JdkHooks} and {@link Allocations}). It is
 * defined in the bootstrap loader at start and depends on nothing but java.base, so the calls
 * woven into JDK and application classes link against it from any class loader.
 *
 * <p>While no agent is installed every hook is a volatile read and a return.
 */
public final class Bridge {

    /** Every thread the agent starts is named so; see io.memdiag.agent.AgentThreads. */
    public static final String AGENT_THREAD_PREFIX = "memdiag-";
    private static volatile EventSink sink;
    private static volatile ResourceSink resources;
    private static volatile ThreadSink threads;
    private static volatile DirectBufferSink directBuffers;
    /** Whatever the running agent wants to be found by a later attach; opaque here. */
    private static volatile Object agentHandle;
    /** How a later load of the agent (a command) reaches the running one; null when none runs. */
    private static volatile AgentControl control;
    private static volatile long hookFailures;
    private static volatile Throwable firstHookFailure;

    private Bridge() {
    }

    /** Called from the hooks. Never throws, never blocks. */
    public static void event(int type, long a, long b, long c) {
        EventSink s = sink;
        if (s == null || !ReentrancyGuard.enter()) {
            return;
        }
        try {
            s.publish(type, a, b, c);
        } catch (Throwable t) {
            failed(t);
        } finally {
            ReentrancyGuard.exit();
        }
    }

    /**
     * Called from the hook at the end of {@link Thread#start()}. The agent's own threads are
     * not the application's: starting one (the shutdown hook, for instance) is not an event.
     */
    public static void threadStarted(int type, Thread thread) {
        if (sink != null) {
            started(type, thread);
        }
    }

    /**
     * Never inlined (see {@link ColdPath}), like every delivery below: only the volatile read
     * above is compiled into Thread.start and the application's methods that call it. Inlined,
     * the name check, the re-entrancy guard and the ring's publish went into every one of them:
     * the C2 compilation of HealthyService.main, a loop that starts threads, took 8.1 MB of
     * compiler arena with the agent, 5.2 MB with this, 4.1 MB without the agent (JDK 25's
     * Compiler.memory). A call is nothing next to starting a thread or opening a file.
     */
    @ColdPath
    private static void started(int type, Thread thread) {
        if (thread.getName().startsWith(AGENT_THREAD_PREFIX)) {
            return;
        }
        event(type, thread.getId(), 0L, 0L);
        ThreadSink t = threads;
        if (t != null) {
            deliverStart(t, thread);
        }
    }

    /**
     * Never inlined, not even into {@link #started}: what the tracker does (a stack walk, a site
     * table) compiled as one with the hook was the largest compilation of the process, 18 MB of
     * C2 arena (JDK 25's Compiler.memory), which the C library then kept.
     */
    @ColdPath
    private static void deliverStart(ThreadSink t, Thread thread) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            t.started(thread);
        } catch (Throwable e) {
            failed(e);
        } finally {
            ReentrancyGuard.exit();
        }
    }

    /** Called from a hook when a direct ByteBuffer was allocated. Never throws, never blocks. */
    public static void directAllocated(Object buffer, int capacity) {
        DirectBufferSink d = directBuffers;
        if (d != null) {
            deliverDirect(d, buffer, capacity);
        }
    }

    @ColdPath
    private static void deliverDirect(DirectBufferSink d, Object buffer, int capacity) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            d.allocated(buffer, capacity);
        } catch (Throwable t) {
            failed(t);
        } finally {
            ReentrancyGuard.exit();
        }
    }

    /** Turns direct buffer tracking on (a sink) or off (null). */
    public static void installDirectBuffers(DirectBufferSink sink) {
        directBuffers = sink;
    }

    /** Turns thread tracking on (a sink) or off (null). */
    public static void installThreads(ThreadSink sink) {
        threads = sink;
    }

    /** Called from a hook when a file, channel or stream was opened. Never throws, never blocks. */
    public static void resourceOpened(int kind, Object resource, String description) {
        ResourceSink r = resources;
        if (r != null) {
            deliverOpened(r, kind, resource, description);
        }
    }

    @ColdPath
    private static void deliverOpened(ResourceSink r, int kind, Object resource, String description) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            r.opened(kind, resource, description);
        } catch (Throwable t) {
            failed(t);
        } finally {
            ReentrancyGuard.exit();
        }
    }

    /** Called from a hook when a tracked resource's close() ran (any number of times). */
    public static void resourceClosed(Object resource) {
        ResourceSink r = resources;
        if (r != null) {
            deliverClosed(r, resource);
        }
    }

    @ColdPath
    private static void deliverClosed(ResourceSink r, Object resource) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            r.closed(resource);
        } catch (Throwable t) {
            failed(t);
        } finally {
            ReentrancyGuard.exit();
        }
    }

    /** Called from a hook after a socket connects or binds: the address becomes its description. */
    public static void resourceDescribed(Object resource, Object address) {
        ResourceSink r = resources;
        if (r != null && address != null) {
            deliverDescribed(r, resource, address);
        }
    }

    @ColdPath
    private static void deliverDescribed(ResourceSink r, Object resource, Object address) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            r.described(resource, String.valueOf(address));
        } catch (Throwable t) {
            failed(t);
        } finally {
            ReentrancyGuard.exit();
        }
    }

    /**
     * Called from the hooks in the constructors of the exceptions the JDK throws when an open
     * fails: when the message says the process is out of descriptors, the agent reports at once.
     */
    public static void openFailed(Throwable failure) {
        ResourceSink r = resources;
        if (r != null) {
            deliverOpenFailed(r, failure);
        }
    }

    @ColdPath
    private static void deliverOpenFailed(ResourceSink r, Throwable failure) {
        if (!ReentrancyGuard.enter()) {
            return;
        }
        try {
            String message = failure.getMessage();
            if (message != null && message.contains("Too many open files")) {
                r.exhausted();
            }
        } catch (Throwable t) {
            failed(t);
        } finally {
            ReentrancyGuard.exit();
        }
    }

    /** Turns resource tracking on (a sink) or off (null). */
    public static void installResources(ResourceSink sink) {
        resources = sink;
    }

    public static void install(EventSink newSink, Object handle) {
        sink = newSink;
        agentHandle = handle;
    }

    public static void uninstall() {
        sink = null;
        resources = null;
        threads = null;
        directBuffers = null;
        agentHandle = null;
        control = null;
    }

    public static void installControl(AgentControl c) {
        control = c;
    }

    public static AgentControl control() {
        return control;
    }

    public static Object agentHandle() {
        return agentHandle;
    }

    public static long hookFailures() {
        return hookFailures;
    }

    /** The first failure inside a hook since start, for the agent to report; null when none. */
    public static Throwable firstHookFailure() {
        return firstHookFailure;
    }

    /** A hook outside this class failed (see {@link Allocations}); counted like the others. */
    static void hookFailed(Throwable t) {
        failed(t);
    }

    private static void failed(Throwable t) {
        if (firstHookFailure == null) {
            firstHookFailure = t;
        }
        hookFailures++; // racy on purpose: a rough count is enough and costs no lock
    }
}
