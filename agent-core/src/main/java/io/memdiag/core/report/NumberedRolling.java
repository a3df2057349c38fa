package io.memdiag.core.report;

import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.rolling.RollingPolicy;
import ch.qos.logback.core.rolling.RolloverFailure;
import ch.qos.logback.core.rolling.helper.CompressionMode;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Rolls {@code memdiag-<pid>.log} to {@code memdiag-<pid>.1.log}, {@code .1} to {@code .2} and so
 * on, keeping a fixed number of generations: what Logback's {@code FixedWindowRollingPolicy}
 * does, for the one name shape the agent uses. That policy parses a file-name pattern at start
 * (its parser, token converters and regular expressions: a tenth of the agent's start-up CPU
 * and some thirty classes in the host) to then do these few renames.
 */
final class NumberedRolling extends ContextAwareBase implements RollingPolicy {

    private final Path active;
    private final int kept;
    private volatile boolean started;

    /** @param kept generations kept besides the active file; the oldest beyond them is deleted */
    NumberedRolling(Path active, int kept) {
        this.active = active;
        this.kept = kept;
    }

    /** {@code memdiag-7.log} → {@code memdiag-7.<n>.log}. */
    Path generation(int n) {
        String name = active.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return active.resolveSibling(name.substring(0, dot) + "." + n + name.substring(dot));
    }

    @Override
    public void rollover() throws RolloverFailure {
        try {
            Files.deleteIfExists(generation(kept));
            for (int n = kept - 1; n >= 1; n--) {
                if (Files.exists(generation(n))) {
                    Files.move(generation(n), generation(n + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(active, generation(1), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // the appender reports it in Logback's status and goes on appending to the active file
            throw new RolloverFailure("could not roll " + active + " over: " + e);
        }
    }

    @Override
    public String getActiveFileName() {
        return active.toString();
    }

    @Override
    public CompressionMode getCompressionMode() {
        return CompressionMode.NONE;
    }

    @Override
    public void setParent(FileAppender<?> appender) {
        // the active file's name is fixed at construction
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isStarted() {
        return started;
    }
}
