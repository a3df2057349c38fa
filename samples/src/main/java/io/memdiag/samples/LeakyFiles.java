package io.memdiag.samples;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Opens files in every way the JDK offers, round after round, in one of two styles:
 * {@code leak} drops each resource without close() (the garbage collector finds them);
 * {@code closed} uses try-with-resources, so the same files are closed and reopened in a loop.
 * Only {@code leak} is a RESOURCE_LEAK; each kind is opened in its own method, which memdiag
 * must name as the site.
 *
 * <p>{@code hoard} keeps every FileInputStream it opens until "Too many open files".
 *
 * <p>args: [leak|closed|hoard] [seconds, default 8]
 */
public final class LeakyFiles {

    private LeakyFiles() {
    }

    public static void main(String[] args) throws Exception {
        String style = args.length > 0 ? args[0] : "leak";
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 8;
        Path dir = Files.createTempDirectory("memdiag-leaky-files");
        // removed at exit by File.deleteOnExit (the files first, it runs in reverse order): a plain
        // unlink at shutdown, no stream the agent would see open or close in its final report
        dir.toFile().deleteOnExit();
        for (String name : new String[] {"data.txt", "out.txt", "out2.txt", "out3.txt"}) {
            dir.resolve(name).toFile().deleteOnExit();
        }
        Path file = Files.writeString(dir.resolve("data.txt"), "line one\nline two\n");
        if (style.equals("hoard")) {
            hoardUntilExhausted(file, seconds);
            return;
        }
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long rounds = 0;
        long sum = 0;
        while (System.nanoTime() < end) {
            if (style.equals("leak")) {
                sum += leakFileInputStream(file) + leakFileOutputStream(dir) + leakRandomAccessFile(file)
                        + leakNewInputStream(file) + leakFileChannel(file) + leakLines(file) + leakList(dir)
                        + leakNewOutputStream(dir) + leakNewByteChannel(file) + leakBufferedReader(file)
                        + leakBufferedWriter(dir) + leakDirectoryStream(dir) + leakWalk(dir) + leakFind(dir);
            } else {
                sum += closedAll(file, dir);
            }
            rounds++;
            sum += Workload.churn(2L * 1024 * 1024); // young collections, so dropped streams get collected
            Thread.sleep(20);
        }
        System.out.println("LeakyFiles: " + style + " " + rounds + " rounds, checksum " + sum);
    }

    /** Keeps every stream it opens (as an unbounded cache would) until the process runs out of descriptors. */
    static final java.util.List<FileInputStream> HOARD = new java.util.ArrayList<>();

    static void hoardUntilExhausted(Path file, long seconds) throws InterruptedException {
        Thread.sleep(3000); // a service starting up; the agent's hooks (installed in the background) are in place by then
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        String failure = "none";
        while (System.nanoTime() < end) {
            try {
                HOARD.add(hoardOne(file));
            } catch (IOException e) {
                failure = e.getMessage();
                Thread.sleep(50); // running out: as a server would, keep trying now and then
            }
        }
        System.out.println("LeakyFiles: hoard " + HOARD.size() + " open; last failure: " + failure);
    }

    static FileInputStream hoardOne(Path file) throws IOException {
        return new FileInputStream(file.toFile());
    }

    static int leakFileInputStream(Path file) throws IOException {
        FileInputStream in = new FileInputStream(file.toFile());
        return in.read();
    }

    static int leakFileOutputStream(Path dir) throws IOException {
        FileOutputStream out = new FileOutputStream(dir.resolve("out.txt").toFile());
        out.write(1);
        return 1;
    }

    static int leakRandomAccessFile(Path file) throws IOException {
        RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
        return raf.read();
    }

    static int leakNewInputStream(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return in.read();
    }

    static int leakFileChannel(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        return (int) ch.size();
    }

    static int leakLines(Path file) throws IOException {
        Stream<String> lines = Files.lines(file);
        return (int) lines.count();
    }

    static int leakList(Path dir) throws IOException {
        Stream<Path> entries = Files.list(dir);
        return (int) entries.count();
    }

    static int leakNewOutputStream(Path dir) throws IOException {
        java.io.OutputStream out = Files.newOutputStream(dir.resolve("out2.txt"));
        out.write(2);
        return 1;
    }

    static int leakNewByteChannel(Path file) throws IOException {
        java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file);
        return (int) ch.size();
    }

    static int leakBufferedReader(Path file) throws IOException {
        java.io.BufferedReader reader = Files.newBufferedReader(file);
        return reader.readLine().length();
    }

    static int leakBufferedWriter(Path dir) throws IOException {
        java.io.BufferedWriter writer = Files.newBufferedWriter(dir.resolve("out3.txt"));
        writer.write("x");
        return 1;
    }

    static int leakDirectoryStream(Path dir) throws IOException {
        java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir);
        return entries.iterator().hasNext() ? 1 : 0;
    }

    /**
     * A walk read to its end has closed every directory it opened; one abandoned half-way (here
     * after the first entry) keeps its directory open until the stream is closed: that is the leak.
     */
    static int leakWalk(Path dir) throws IOException {
        Stream<Path> tree = Files.walk(dir);
        return tree.findFirst().isPresent() ? 1 : 0;
    }

    static int leakFind(Path dir) throws IOException {
        Stream<Path> found = Files.find(dir, 2, (p, attributes) -> attributes.isRegularFile());
        return found.findFirst().isPresent() ? 1 : 0;
    }

    static int closedAll(Path file, Path dir) throws IOException {
        int sum = 0;
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            sum += in.read();
        }
        try (FileOutputStream out = new FileOutputStream(dir.resolve("out.txt").toFile())) {
            out.write(1);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            sum += raf.read();
        }
        try (InputStream in = Files.newInputStream(file)) {
            sum += in.read();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            sum += (int) ch.size();
        }
        try (Stream<String> lines = Files.lines(file)) {
            sum += (int) lines.count();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            sum += (int) entries.count();
        }
        try (FileInputStream in = new FileInputStream(file.toFile()); FileChannel ch = in.getChannel()) {
            sum += (int) ch.size(); // a channel from a stream shares the stream's record
        }
        try (java.io.OutputStream out = Files.newOutputStream(dir.resolve("out2.txt"));
             java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file);
             java.io.BufferedReader reader = Files.newBufferedReader(file);
             java.io.BufferedWriter writer = Files.newBufferedWriter(dir.resolve("out3.txt"))) {
            out.write(2);
            writer.write("x");
            sum += (int) ch.size() + reader.readLine().length();
        }
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir);
             Stream<Path> tree = Files.walk(dir);
             Stream<Path> found = Files.find(dir, 2, (p, attributes) -> attributes.isRegularFile())) {
            sum += (entries.iterator().hasNext() ? 1 : 0) + (int) tree.count() + (int) found.count();
        }
        return sum;
    }
}
