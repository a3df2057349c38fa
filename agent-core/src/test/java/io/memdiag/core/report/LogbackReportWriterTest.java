package io.memdiag.core.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogbackReportWriterTest {

    @Test
    void writesBothFilesOneJsonLinePerReport(@TempDir Path dir) throws Exception {
        LogbackReportWriter w = new LogbackReportWriter(dir, 4242, 10 * 1024 * 1024);
        w.write(ReportFixtures.report(1));
        w.write(ReportFixtures.report(2));
        w.close();
        List<String> lines = Files.readAllLines(dir.resolve("memdiag-4242.jsonl"));
        assertEquals(2, lines.size());
        assertEquals(2L, Json.parseObject(lines.get(1)).get("sequence"));
        String human = Files.readString(dir.resolve("memdiag-4242.log"));
        assertTrue(human.contains("==== memdiag report #2 (interval) pid 4242"), human);
    }

    @Test
    void humanLinesCarryUtcTimeLevelAndAnyThrowable(@TempDir Path dir) throws Exception {
        LogbackReportWriter w = new LogbackReportWriter(dir, 5, 10 * 1024 * 1024);
        long before = System.currentTimeMillis();
        w.diagnostics().info("hooks woven into {} loaded classes", 11);
        w.diagnostics().warn("memdiag internal failure: {}", "boom", new IllegalStateException("the cause"));
        w.close();
        List<String> lines = Files.readAllLines(dir.resolve("memdiag-5.log"));
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  hooks woven into 11 loaded classes"), lines.get(0));
        long stamped = java.time.Instant.parse(lines.get(0).substring(0, 24)).toEpochMilli();
        assertTrue(stamped >= before - before % 1000 && stamped <= System.currentTimeMillis(), lines.get(0));
        assertTrue(lines.get(1).endsWith("Z WARN  memdiag internal failure: boom"), lines.get(1));
        assertEquals("java.lang.IllegalStateException: the cause", lines.get(2));
        assertTrue(lines.get(3).contains("at io.memdiag.core.report.LogbackReportWriterTest"), lines.get(3));
        assertFalse(lines.get(lines.size() - 1).isBlank(), "no blank line after the stack trace");
    }

    @Test
    void utcTimestampsArePaddedAndExact() {
        StringBuilder sb = new StringBuilder();
        LineLayout.appendUtc(sb, 1_000_000_000_007L);
        assertEquals("2001-09-09T01:46:40.007Z", sb.toString());
        sb.setLength(0);
        LineLayout.appendUtc(sb, 1_798_761_599_999L);
        assertEquals("2026-12-31T23:59:59.999Z", sb.toString());
    }

    @Test
    void filesRollBySizeAndKeepThreeGenerations(@TempDir Path dir) throws Exception {
        LogbackReportWriter w = new LogbackReportWriter(dir, 7, 4 * 1024);
        for (int i = 0; i < 200; i++) {
            w.write(ReportFixtures.report(i));
        }
        w.close();
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("memdiag-7.1.jsonl", "memdiag-7.1.log", "memdiag-7.2.jsonl", "memdiag-7.2.log",
                    "memdiag-7.3.jsonl", "memdiag-7.3.log", "memdiag-7.jsonl", "memdiag-7.log"), names);
        }
        // newest in the active file, then .1, .2, .3: each file's reports come after the next one's
        long active = firstSequence(dir.resolve("memdiag-7.jsonl"));
        long first = firstSequence(dir.resolve("memdiag-7.1.jsonl"));
        long second = firstSequence(dir.resolve("memdiag-7.2.jsonl"));
        long third = firstSequence(dir.resolve("memdiag-7.3.jsonl"));
        assertTrue(active > first && first > second && second > third, active + " " + first + " " + second + " " + third);
    }

    private static long firstSequence(Path jsonl) throws Exception {
        String line = Files.readAllLines(jsonl).get(0);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"sequence\":(\\d+)").matcher(line);
        assertTrue(m.find(), line);
        return Long.parseLong(m.group(1));
    }

    @Test
    void anUnopenableFileIsALoudError(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("memdiag-9.log")); // a directory where the log file should be
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new LogbackReportWriter(dir, 9, 1024));
        assertTrue(e.getMessage().startsWith("cannot write reports"), e.getMessage());
    }
}
