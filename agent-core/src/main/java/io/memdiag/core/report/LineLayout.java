package io.memdiag.core.report;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The two line formats memdiag writes, built by hand instead of through Logback's
 * {@code PatternLayout}:
 * <ul>
 *   <li>stamped (the human log): {@code 2026-12-02T03:15:07.042Z INFO  message}, UTC;</li>
 *   <li>bare (the JSON lines): the message alone.</li>
 * </ul>
 * A throwable logged with the message follows it, as Logback prints one.
 *
 * <p>Why not a pattern: {@code PatternLayout}'s class initialiser registers its sixty-odd
 * converters as method references; with the pattern parser, the converters and {@code %d}'s
 * date formatting that cost the host JVM 146 classes (about 320 KB of metaspace) and the
 * time-zone database on the heap, for two fixed formats. UTC needs no time-zone data and reads
 * the same in every container.
 */
final class LineLayout extends LayoutBase<ILoggingEvent> {

    private static final String LINE_END = System.lineSeparator();

    private final boolean stamped;

    private LineLayout(boolean stamped) {
        this.stamped = stamped;
    }

    /** Time, level, message. */
    static LineLayout stamped() {
        return new LineLayout(true);
    }

    /** The message alone. */
    static LineLayout bare() {
        return new LineLayout(false);
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        StringBuilder line = new StringBuilder(message.length() + 40);
        if (stamped) {
            appendUtc(line, event.getTimeStamp());
            String level = event.getLevel().toString();
            line.append(' ').append(level);
            for (int pad = level.length(); pad < 6; pad++) {
                line.append(' ');
            }
        }
        line.append(message).append(LINE_END);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)); // it ends each of its lines itself
        }
        return line.toString();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, for years 1000 to 9999. */
    static void appendUtc(StringBuilder sb, long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
        sb.append(t.getYear()).append('-');
        twoDigits(sb, t.getMonthValue()).append('-');
        twoDigits(sb, t.getDayOfMonth()).append('T');
        twoDigits(sb, t.getHour()).append(':');
        twoDigits(sb, t.getMinute()).append(':');
        twoDigits(sb, t.getSecond()).append('.');
        int millis = (int) Math.floorMod(epochMillis, 1000);
        sb.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
        sb.append('Z');
    }

    private static StringBuilder twoDigits(StringBuilder sb, int value) {
        return sb.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
