package io.memdiag.agent.attach;

import io.memdiag.core.collect.ProcFiles;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

/**
 * A small file by which a running agent says it is there and where its reports go:
 * {@code <java.io.tmpdir>/memdiag/<pid>.properties}, written at start and deleted at exit. The
 * command line reads it to list JVMs with memdiag loaded and to tell the operator where an
 * attached agent writes, without attaching to every JVM to ask.
 */
public final class AgentMarker {

    public static final String VERSION = "version";
    public static final String LOG = "log";
    public static final String JSON = "json";
    public static final String INTERVAL = "report.interval";
    public static final String ATTACHED = "attached";

    private AgentMarker() {
    }

    public static Path path(String tmpdir, long pid) {
        return Paths.get(tmpdir, "memdiag", pid + ".properties");
    }

    /** Written by the agent; failures are the caller's to log (the marker is a convenience). */
    public static Path write(long pid, Properties values) throws IOException {
        Path file = path(System.getProperty("java.io.tmpdir"), pid);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(pid + ".tmp");
        // a FileOutputStream, not Files.newBufferedWriter: since JDK 21 a channel's output stream
        // loads the socket channel classes for an instanceof test, about thirty classes in the host
        try (Writer w = new OutputStreamWriter(new FileOutputStream(tmp.toFile()), StandardCharsets.UTF_8)) {
            w.write(format(pid, values));
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /**
     * The file's text in {@link Properties#load(Reader)}'s format, keys sorted. Not
     * {@link Properties#store}: its date comment formats a {@code java.util.Date}, which loads
     * the JDK's localized time-zone names (CLDR) into the host: a fifth of the agent's start-up
     * CPU, for a comment nobody reads.
     */
    static String format(long pid, Properties values) {
        StringBuilder sb = new StringBuilder("#memdiag agent in process ").append(pid).append('\n');
        for (String key : new java.util.TreeSet<>(values.stringPropertyNames())) {
            escape(sb, key, true);
            sb.append('=');
            escape(sb, values.getProperty(key), false);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** What {@link Properties#load(Reader)} reads back as the same string. */
    private static void escape(StringBuilder sb, String s, boolean key) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\f' -> sb.append("\\f");
                case '=', ':', '#', '!' -> sb.append(key ? "\\" : "").append(c);
                case ' ' -> sb.append(key || i == 0 ? "\\ " : " ");
                default -> sb.append(c);
            }
        }
    }

    /** Rewrites one value of this process's marker (a second attach changed an option); quietly keeps the old one on failure. */
    public static void update(Path file, String key, String value) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            p.setProperty(key, value);
            write(ProcFiles.selfPid(), p);
        } catch (IOException | RuntimeException e) {
            // the marker only informs the command line; the reports say the truth
        }
    }

    /** The marker of a live process, or null (none, or left behind by a process that is gone). */
    public static Properties read(String tmpdir, long pid) {
        Path file = path(tmpdir, pid);
        if (!Files.isRegularFile(file) || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            return p;
        } catch (IOException e) {
            return null;
        }
    }
}
