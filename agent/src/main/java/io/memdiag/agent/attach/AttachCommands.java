package io.memdiag.agent.attach;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.memdiag.core.options.AgentOptions;
import io.memdiag.core.options.OptionException;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * {@code list} and {@code attach}: the command line's side of dynamic attach. Every failure is
 * one line on stderr saying what to do, and a non-zero exit code: 2 for bad input, 1 for a
 * target that cannot take the agent.
 */
public final class AttachCommands {

    private final PrintStream out;
    private final PrintStream err;
    private final File agentJar;

    public AttachCommands(PrintStream out, PrintStream err, File agentJar) {
        this.out = out;
        this.err = err;
        this.agentJar = agentJar;
    }

    /** PID, main class or jar, JDK version and whether memdiag is loaded, for each attachable JVM. */
    public int list() {
        long self = ProcessHandle.current().pid();
        List<VirtualMachineDescriptor> vms = new ArrayList<>(VirtualMachine.list());
        vms.sort(Comparator.comparing(VirtualMachineDescriptor::id));
        String tmpdir = System.getProperty("java.io.tmpdir");
        out.printf("%-8s %-8s %-9s %s%n", "PID", "JDK", "memdiag", "MAIN");
        for (VirtualMachineDescriptor vm : vms) {
            long pid;
            try {
                pid = Long.parseLong(vm.id());
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid == self) {
                continue;
            }
            Properties marker = AgentMarker.read(tmpdir, pid);
            String main = vm.displayName().isBlank() ? "(unknown)" : vm.displayName().split(" ")[0];
            out.printf("%-8d %-8s %-9s %s%n", pid, TargetJvm.javaVersion(pid),
                    marker == null ? "-" : "loaded", main);
        }
        return 0;
    }

    /** Loads the agent into a running JVM with {@code -javaagent}'s options. */
    public int attach(String pidText, String options) {
        long pid = pid(pidText);
        if (pid < 0) {
            return 2;
        }
        AgentOptions parsed = AgentOptions.parse(options);
        if (!parsed.errors().isEmpty()) {
            for (OptionException e : parsed.errors()) {
                err.println("memdiag: " + e.getMessage());
            }
            err.println("memdiag: nothing attached; fix the options and try again");
            return 2;
        }
        return withTarget(pid, vm -> load(vm, pid, options));
    }

    /**
     * Makes the agent running in {@code pid} write a report now, and prints it (the last block
     * of its human-readable log).
     */
    public int report(String pidText) {
        long pid = pid(pidText);
        if (pid < 0) {
            return 2;
        }
        return withTarget(pid, vm -> {
            Properties props = vm.getSystemProperties();
            Properties marker = AgentMarker.read(props.getProperty("java.io.tmpdir", System.getProperty("java.io.tmpdir")), pid);
            if (marker == null) {
                err.println("memdiag: memdiag is not running in process " + pid + "; `attach " + pid + "` first");
                return 1;
            }
            vm.loadAgent(agentJar.getAbsolutePath(), "command=report");
            java.nio.file.Path log = java.nio.file.Paths.get(marker.getProperty(AgentMarker.LOG));
            String text = java.nio.file.Files.readString(log);
            int last = text.lastIndexOf("==== memdiag report");
            out.print(last < 0 ? text : text.substring(last));
            out.println("(from " + log + ")");
            return 0;
        });
    }

    /**
     * Stops the agent in {@code pid}: a last report, the original bytecode back, its threads
     * gone. A later {@code attach} starts afresh.
     */
    public int stop(String pidText) {
        long pid = pid(pidText);
        if (pid < 0) {
            return 2;
        }
        return withTarget(pid, vm -> {
            String tmpdir = vm.getSystemProperties().getProperty("java.io.tmpdir", System.getProperty("java.io.tmpdir"));
            Properties marker = AgentMarker.read(tmpdir, pid);
            if (marker == null) {
                err.println("memdiag: memdiag is not running in process " + pid + "; nothing to stop");
                return 1;
            }
            vm.loadAgent(agentJar.getAbsolutePath(), "command=stop");
            if (AgentMarker.read(tmpdir, pid) != null) {
                err.println("memdiag: process " + pid + " did not stop the agent; its stderr says why");
                return 1;
            }
            out.println("memdiag: stopped in process " + pid + "; last report in " + marker.getProperty(AgentMarker.LOG)
                    + "; its classes run their original bytecode again (an application class a thread is running in"
                    + " keeps its hooks, now inert, rather than leave the running method interpreted)");
            return 0;
        });
    }

    private long pid(String pidText) {
        try {
            return Long.parseLong(pidText);
        } catch (NumberFormatException e) {
            err.println("memdiag: '" + pidText + "' is not a process id; `java -jar memdiag-agent.jar list` shows the JVMs you can attach to");
            return -1;
        }
    }

    /** What to do with an attached JVM; may fail with the Attach API's exceptions. */
    private interface WithVm {
        int run(VirtualMachine vm) throws Exception;
    }

    /** Checks the target, attaches, runs the action, detaches: every failure a line and an exit code. */
    private int withTarget(long pid, WithVm action) {
        ProcessHandle target = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElse(null);
        if (target == null) {
            err.println("memdiag: no process " + pid + " (it may have ended)");
            return 1;
        }
        if (pid == ProcessHandle.current().pid()) {
            err.println("memdiag: " + pid + " is this command itself");
            return 2;
        }
        String owner = target.info().user().orElse(null);
        String me = ProcessHandle.current().info().user().orElse(null);
        if (owner != null && me != null && !owner.equals(me) && !"root".equals(me)) {
            err.println("memdiag: process " + pid + " belongs to " + owner + "; attach as that user (the JVM accepts only its own user)");
            return 1;
        }
        if (!TargetJvm.mayBeJvm(pid)) {
            err.println("memdiag: process " + pid + " is not a JVM (" + TargetJvm.commandLine(pid).split(" ")[0]
                    + "); `java -jar memdiag-agent.jar list` shows the JVMs you can attach to");
            return 1;
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(String.valueOf(pid));
        } catch (AttachNotSupportedException e) {
            if (TargetJvm.commandLine(pid).contains("-XX:+DisableAttachMechanism")) {
                err.println("memdiag: process " + pid + " was started with -XX:+DisableAttachMechanism and refuses every attach; "
                        + restartWithout());
            } else {
                err.println("memdiag: process " + pid + " is not a JVM that accepts attach (" + e.getMessage()
                        + "); a JVM started with -XX:+DisableAttachMechanism refuses it too");
            }
            return 1;
        } catch (IOException e) {
            err.println("memdiag: could not attach to process " + pid + ": " + e.getMessage());
            return 1;
        }
        try {
            return action.run(vm);
        } catch (AgentLoadException e) {
            String message = String.valueOf(e.getMessage());
            err.println("memdiag: process " + pid + " refused the agent: " + message
                    + (message.contains("EnableDynamicAgentLoading") || message.contains("not enabled")
                    ? "; it was started with -XX:-EnableDynamicAgentLoading: restart it without, or with -javaagent" : ""));
            return 1;
        } catch (Exception e) {
            err.println("memdiag: process " + pid + ": " + e);
            return 1;
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // the target went away meanwhile: nothing to release
            }
        }
    }

    private int load(VirtualMachine vm, long pid, String options) throws Exception {
        Properties props = vm.getSystemProperties();
        int feature = TargetJvm.feature(props.getProperty("java.specification.version"));
        if (feature >= 0 && feature < 17) {
            err.println("memdiag: process " + pid + " runs Java " + props.getProperty("java.version") + "; memdiag needs JDK 17 or later");
            return 1;
        }
        String commandLine = TargetJvm.commandLine(pid);
        if (feature >= 21 && commandLine.contains("-XX:-EnableDynamicAgentLoading")) {
            err.println("memdiag: process " + pid + " was started with -XX:-EnableDynamicAgentLoading and refuses agents loaded"
                    + " while it runs (JEP 451); " + restartWithout());
            return 1;
        }
        if (feature >= 21 && !commandLine.contains("-XX:+EnableDynamicAgentLoading")) {
            err.println("memdiag: note: JDK " + feature + " prints a warning on the target's stderr when an agent is loaded into it"
                    + " (JEP 451); start it with -XX:+EnableDynamicAgentLoading to allow this silently, which a later JDK will require");
        }
        String tmpdir = props.getProperty("java.io.tmpdir", System.getProperty("java.io.tmpdir"));
        boolean already = AgentMarker.read(tmpdir, pid) != null;
        vm.loadAgent(agentJar.getAbsolutePath(), options == null ? "" : options);
        if (already) {
            out.println("memdiag: already running in process " + pid + "; " + alreadyRunning(options));
            return 0;
        }
        Properties marker = awaitMarker(tmpdir, pid);
        if (marker == null) {
            out.println("memdiag: attached to process " + pid + "; its stderr says where the reports go");
        } else {
            out.println("memdiag: attached to process " + pid + "; reports every " + marker.getProperty(AgentMarker.INTERVAL)
                    + " to " + marker.getProperty(AgentMarker.LOG) + " and " + marker.getProperty(AgentMarker.JSON));
        }
        return 0;
    }

    /** The way out when the target's own flags refuse the agent. */
    private String restartWithout() {
        return "restart it without that flag, or with -javaagent:" + agentJar.getAbsolutePath();
    }

    /** What a second attach did with its options: the running agent applies those it can (see AgentSession.reconfigure). */
    static String alreadyRunning(String options) {
        AgentOptions parsed = AgentOptions.parse(options);
        return parsed.given().isEmpty() ? "nothing instrumented twice; see its reports" : parsed.changeWhileRunning();
    }

    private static Properties awaitMarker(String tmpdir, long pid) {
        for (int i = 0; i < 50; i++) {
            Properties p = AgentMarker.read(tmpdir, pid);
            if (p != null) {
                return p;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
