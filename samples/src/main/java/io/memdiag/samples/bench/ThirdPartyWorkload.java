package io.memdiag.samples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A program nobody on this team wrote, run as its own command line does, with an input this
 * class generates: what {@link ThirdPartyOverhead} measures memdiag on, and what the smoke test
 * runs under the agent to show it instruments real-world bytecode without breaking it. The jars
 * come from Maven Central into {@code samples/target/workloads} (see {@code samples/pom.xml}).
 * Each run checks its own result (a wrong answer exits non-zero), so a run that "got faster"
 * by failing cannot pass for a measurement.
 *
 * @param name      short name used on the harness's command line
 * @param classPath jars in the workloads folder
 * @param mainClass the program's own command-line entry point
 * @param args      its arguments, referring to files written by {@link #prepare}
 */
public record ThirdPartyWorkload(String name, String what, List<String> classPath, String mainClass, List<String> args) {

    /**
     * How much work a run does: {@code full} for measurements (10–20 s each), {@code smoke} for a
     * test (a second or two), {@code steady} for one of the repetitions {@link SteadyStateAB}
     * runs inside one JVM (about a second each once compiled).
     */
    public enum Size { FULL, SMOKE, STEADY }

    /** The workloads, their inputs written into {@code scratch}. */
    public static List<ThirdPartyWorkload> prepare(Path workloads, Path scratch, Size size) throws IOException {
        Files.createDirectories(scratch);
        boolean full = size == Size.FULL;
        boolean steady = size == Size.STEADY;
        List<ThirdPartyWorkload> all = new ArrayList<>();

        Path sql = scratch.resolve("h2-bench.sql");
        Files.writeString(sql, full ? h2Script(2, 300_000, 4_000) : steady ? h2Script(1, 100_000, 1_000) : h2Script(1, 3_000, 200));
        all.add(new ThirdPartyWorkload("h2", "H2 database, in memory, running a generated SQL script (bulk and single-row inserts, index, joins, group by, update, delete)",
                List.of(workloads.resolve("h2.jar").toString()), "org.h2.tools.RunScript",
                List.of("-url", "jdbc:h2:mem:bench", "-script", sql.toString())));

        all.add(ecj(workloads, scratch, full ? 6 : 1));

        Path js = scratch.resolve("rhino-bench.js");
        Files.writeString(js, RHINO_SCRIPT);
        all.add(new ThirdPartyWorkload("rhino", "Rhino JavaScript engine compiling a generated script to bytecode (-opt 9) and running it: objects, arrays, sort, closures, JSON, regular expressions",
                List.of(workloads.resolve("rhino.jar").toString(), workloads.resolve("rhino-tools.jar").toString()),
                "org.mozilla.javascript.tools.shell.Main", List.of("-opt", "9", js.toString(), full ? "1500" : steady ? "300" : "30")));
        return all;
    }

    /** ECJ compiling Commons Lang {@code repeat} times in one JVM; its sources unpacked into {@code scratch}. */
    public static ThirdPartyWorkload ecj(Path workloads, Path scratch, int repeat) throws IOException {
        Path sources = scratch.resolve("commons-lang3-src");
        unzipJavaSources(workloads.resolve("commons-lang3-sources.jar"), sources);
        return new ThirdPartyWorkload("ecj", "Eclipse compiler for Java compiling Apache Commons Lang (259 files), repeated in one JVM",
                List.of(workloads.resolve("ecj.jar").toString()), "org.eclipse.jdt.internal.compiler.batch.Main",
                List.of("-d", "none", "-17", "-nowarn", "-time", "-repeat", String.valueOf(repeat), sources.toString()));
    }

    /**
     * Milliseconds the second half of the run took, once the JIT has compiled the hot code: the
     * steady state a long-running service lives in, without start-up and warm-up. -1 when the
     * program does not say (H2's RunScript prints no timings).
     */
    public long steadyMs(String stdout) {
        List<Long> repetitions = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.startsWith("rhino-bench steady-ms ")) {
                return Long.parseLong(line.substring("rhino-bench steady-ms ".length()).trim());
            }
            // ecj -time: "[compiled 100950 lines in 802 ms: 125872.8 lines/s]", once per repetition
            if (line.startsWith("[compiled ") && line.contains(" ms: ")) {
                String beforeMs = line.substring(0, line.indexOf(" ms: "));
                repetitions.add(Long.parseLong(beforeMs.substring(beforeMs.lastIndexOf(' ') + 1)));
            }
        }
        if (repetitions.isEmpty()) {
            return -1;
        }
        long ms = 0;
        for (long r : repetitions.subList(repetitions.size() / 2, repetitions.size())) {
            ms += r;
        }
        return ms;
    }

    /**
     * A script mixing what an application asks of an embedded database: bulk loads, many small
     * statements (each parsed), an index, joins with grouping, updates and deletes; every round
     * ends by checking its counts, failing with a division by zero (and RunScript with a non-zero
     * exit) when they are wrong.
     */
    static String h2Script(int rounds, int orders, int singleInserts) {
        int customers = Math.max(100, orders / 6);
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < rounds; r++) {
            s.append("DROP TABLE IF EXISTS ORDERS; DROP TABLE IF EXISTS CUSTOMER;\n");
            s.append("CREATE TABLE CUSTOMER(ID INT PRIMARY KEY, NAME VARCHAR(64), CITY VARCHAR(32), CREATED TIMESTAMP);\n");
            s.append("CREATE TABLE ORDERS(ID INT PRIMARY KEY, CUSTOMER_ID INT, AMOUNT DECIMAL(12,2), NOTE VARCHAR(200));\n");
            s.append("INSERT INTO CUSTOMER SELECT X, 'customer-' || X, 'city-' || MOD(X, 97), "
                    + "DATEADD('SECOND', X, TIMESTAMP '2020-01-01 00:00:00') FROM SYSTEM_RANGE(1, ").append(customers).append(");\n");
            s.append("INSERT INTO ORDERS SELECT X, MOD(X * 7919, ").append(customers).append(") + 1, MOD(X * 31, 100000) / 100.0, "
                    + "REPEAT('n', MOD(X, 50)) FROM SYSTEM_RANGE(1, ").append(orders).append(");\n");
            for (int i = 1; i <= singleInserts; i++) {
                s.append("INSERT INTO ORDERS VALUES(").append(orders + i).append(", ").append(i % customers + 1)
                        .append(", ").append(i % 1000).append(".25, 'single row ").append(i).append("');\n");
            }
            s.append("CREATE INDEX ORDERS_CUSTOMER ON ORDERS(CUSTOMER_ID);\n");
            s.append("SELECT C.CITY, COUNT(*), SUM(O.AMOUNT) FROM CUSTOMER C JOIN ORDERS O ON O.CUSTOMER_ID = C.ID GROUP BY C.CITY ORDER BY 3 DESC;\n");
            s.append("UPDATE ORDERS SET AMOUNT = AMOUNT * 1.1 WHERE MOD(ID, 3) = 0;\n");
            s.append("SELECT CUSTOMER_ID, MAX(AMOUNT) FROM ORDERS GROUP BY CUSTOMER_ID HAVING COUNT(*) > 5 ORDER BY 2 DESC LIMIT 100;\n");
            s.append("DELETE FROM ORDERS WHERE MOD(ID, 5) = 0;\n");
            int expected = (orders + singleInserts) - (orders + singleInserts) / 5;
            s.append("SELECT 1 / CASE WHEN (SELECT COUNT(*) FROM ORDERS) = ").append(expected).append(" THEN 1 ELSE 0 END;\n");
        }
        return s.toString();
    }

    /** Every round builds the same data, so the total is known: a wrong one throws (exit code 3). */
    static final String RHINO_SCRIPT = """
            function round() {
              var people = [];
              for (var i = 0; i < 2000; i++) {
                people.push({ id: i, name: 'person-' + i, tags: ['t' + (i % 7), 't' + (i % 11)], score: (i * 7919) % 1000 });
              }
              people.sort(function (a, b) { return a.score - b.score || a.id - b.id; });
              var byTag = {};
              people.forEach(function (p) { p.tags.forEach(function (t) { (byTag[t] = byTag[t] || []).push(p.id); }); });
              var text = JSON.stringify(people.slice(0, 200));
              var back = JSON.parse(text);
              return back.length + Object.keys(byTag).length + text.replace(/person-(\\d+)/g, 'p$1').length;
            }
            var n = java.lang.Integer.parseInt(arguments[0]);
            var total = 0;
            var halfway = 0;
            for (var r = 0; r < n; r++) {
              if (r === Math.floor(n / 2)) {
                halfway = java.lang.System.nanoTime();
              }
              total += round();
            }
            print('rhino-bench steady-ms ' + Math.round((java.lang.System.nanoTime() - halfway) / 1e6));
            if (total !== n * 11386) {
              throw new Error('wrong total ' + total + ' for ' + n + ' rounds');
            }
            print('rhino-bench rounds ' + n + ' total ' + total);
            """;

    private static void unzipJavaSources(Path jar, Path into) throws IOException {
        if (Files.isDirectory(into)) {
            return;
        }
        Path partial = into.resolveSibling(into.getFileName() + ".partial");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.isDirectory() || !e.getName().endsWith(".java")) {
                    continue;
                }
                Path target = partial.resolve(e.getName()).normalize();
                if (!target.startsWith(partial)) {
                    continue; // an entry that would escape the folder
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING); // leaves the zip stream open
            }
        }
        Files.move(partial, into);
    }
}
