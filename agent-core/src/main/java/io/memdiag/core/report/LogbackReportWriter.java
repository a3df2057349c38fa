package io.memdiag.core.report;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TriggeringPolicyBase;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes {@code memdiag-<pid>.log} (human) and {@code memdiag-<pid>.jsonl} (one JSON report a
 * line) through a Logback context that belongs to the agent alone.
 *
 * <p>The context is built in code and never auto-configured, so neither a logback.xml on the
 * host's class path nor a {@code -Dlogback.configurationFile} the host set can reach it, and
 * the host's own Logback (if any) never sees ours: they live in different class loaders.
 * Both files roll by size and keep three generations, so a run of weeks is bounded on disk.
 */
public final class LogbackReportWriter implements ReportWriter {

    private static final int KEPT_GENERATIONS = 3;

    private final LoggerContext context;
    private final Logger human;
    private final Logger json;
    private final Logger diagnostics;
    private final Path logFile;
    private final Path jsonFile;
    private final HumanReportFormatter humanFormatter = new HumanReportFormatter();
    private final JsonReportFormatter jsonFormatter = new JsonReportFormatter();

    public LogbackReportWriter(Path dir, long pid, long maxFileSize) {
        this.logFile = dir.resolve("memdiag-" + pid + ".log");
        this.jsonFile = dir.resolve("memdiag-" + pid + ".jsonl");
        this.context = new LoggerContext();
        context.setName("memdiag");
        context.setMDCAdapter(new LogbackMDCAdapter()); // Logback 1.5 requires one; ours stays private
        RollingFileAppender<ILoggingEvent> logAppender = appender("log", logFile, LineLayout.stamped(), maxFileSize);
        RollingFileAppender<ILoggingEvent> jsonAppender = appender("jsonl", jsonFile, LineLayout.bare(), maxFileSize);
        this.human = logger("memdiag.report", logAppender);
        this.diagnostics = logger("memdiag.agent", logAppender);
        this.json = logger("memdiag.json", jsonAppender);
        failIfLogbackReportedErrors();
    }

    /** An appender that could not open its file only says so in the status list; make it loud. */
    private void failIfLogbackReportedErrors() {
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            if (s.getLevel() >= Status.ERROR) {
                context.stop();
                throw new IllegalStateException("cannot write reports: " + s.getMessage()
                        + (s.getThrowable() != null ? ": " + s.getThrowable() : ""));
            }
        }
    }

    private RollingFileAppender<ILoggingEvent> appender(String name, Path file, LineLayout layout, long maxSize) {
        RollingFileAppender<ILoggingEvent> a = new RollingFileAppender<>();
        a.setContext(context);
        a.setName(name);
        a.setFile(file.toString());
        NumberedRolling rolling = new NumberedRolling(file, KEPT_GENERATIONS);
        rolling.setContext(context);
        rolling.start();
        SizeCap trigger = new SizeCap(maxSize);
        trigger.setContext(context);
        trigger.start();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        a.setEncoder(encoder);
        a.setRollingPolicy(rolling);
        a.setTriggeringPolicy(trigger);
        a.start();
        return a;
    }

    private Logger logger(String name, RollingFileAppender<ILoggingEvent> appender) {
        Logger l = context.getLogger(name);
        l.setAdditive(false);
        l.setLevel(Level.INFO);
        l.addAppender(appender);
        return l;
    }

    @Override
    public void write(Report report) {
        human.info("\n{}", humanFormatter.format(report));
        json.info(jsonFormatter.format(report));
    }

    /** The agent's own diagnostics (a failure, a note) go to the human log, never to the host's streams. */
    public org.slf4j.Logger diagnostics() {
        return diagnostics;
    }

    public Path logFile() {
        return logFile;
    }

    public Path jsonFile() {
        return jsonFile;
    }

    @Override
    public void close() {
        context.stop();
    }

    /**
     * Rolls when the active file reaches the cap. Logback's own size policy checks at most once
     * a minute; reports are few and large, so checking the length on every line is cheap and
     * keeps the cap exact.
     */
    static final class SizeCap extends TriggeringPolicyBase<ILoggingEvent> {
        private final long maxBytes;

        SizeCap(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public boolean isTriggeringEvent(File activeFile, ILoggingEvent event) {
            return activeFile.length() >= maxBytes;
        }
    }
}
