package io.memdiag.samples;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Sockets, channels, pipes, selectors, zip files, inflaters and deflaters, round after round, on
 * loopback only: {@code leak} drops each without close()/end(), {@code closed} closes them all.
 * Each kind is opened in its own method, which memdiag must name as the site.
 *
 * <p>args: [leak|closed] [seconds, default 6]
 */
public final class LeakyResources {

    private LeakyResources() {
    }

    public static void main(String[] args) throws Exception {
        String style = args.length > 0 ? args[0] : "leak";
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 6;
        Path zip = zipFile();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long rounds = 0;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            while (System.nanoTime() < end) {
                if (style.equals("leak")) {
                    leakClientSocket(server.getLocalPort());
                    leakAcceptedSocket(server);
                    leakServerSocket();
                    leakSocketChannel();
                    leakServerSocketChannel();
                    leakDatagramSocket();
                    leakSelector();
                    leakZipFile(zip);
                    leakJarFile(zip);
                    leakInflater();
                    leakDeflater();
                    leakPipe();
                    leakAsyncFileChannel(zip);
                } else {
                    closedAll(server, zip);
                }
                rounds++;
                Workload.churn(2L * 1024 * 1024); // young collections, so dropped objects get collected
                Thread.sleep(40);
            }
        }
        Files.delete(zip);
        System.out.println("LeakyResources: " + style + " " + rounds + " rounds");
    }

    private static Path zipFile() throws IOException {
        Path zip = Files.createTempFile("memdiag-leaky", ".zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("a.txt"));
            z.write("hello".getBytes());
            z.closeEntry();
        }
        return zip;
    }

    static Socket leakClientSocket(int port) throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), port);
    }

    static Socket leakAcceptedSocket(ServerSocket server) throws IOException {
        return server.accept(); // the connection leakClientSocket left in the backlog
    }

    static ServerSocket leakServerSocket() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    static SocketChannel leakSocketChannel() throws IOException {
        return SocketChannel.open();
    }

    static ServerSocketChannel leakServerSocketChannel() throws IOException {
        return ServerSocketChannel.open();
    }

    static DatagramSocket leakDatagramSocket() throws IOException {
        return new DatagramSocket(0, InetAddress.getLoopbackAddress());
    }

    static Selector leakSelector() throws IOException {
        return Selector.open();
    }

    static int leakZipFile(Path zip) throws IOException {
        ZipFile z = new ZipFile(zip.toFile());
        return z.size();
    }

    static int leakJarFile(Path zip) throws IOException {
        java.util.jar.JarFile jar = new java.util.jar.JarFile(zip.toFile());
        return jar.size();
    }

    static long leakInflater() {
        Inflater inflater = new Inflater();
        return inflater.getBytesRead();
    }

    static long leakDeflater() {
        Deflater deflater = new Deflater();
        return deflater.getBytesRead();
    }

    static java.nio.channels.Pipe leakPipe() throws IOException {
        return java.nio.channels.Pipe.open();
    }

    static java.nio.channels.AsynchronousFileChannel leakAsyncFileChannel(Path file) throws IOException {
        return java.nio.channels.AsynchronousFileChannel.open(file);
    }

    static void closedAll(ServerSocket server, Path zip) throws IOException {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            client.setTcpNoDelay(true);
            accepted.setTcpNoDelay(true);
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.getLocalPort();
        }
        try (SocketChannel c = SocketChannel.open(); ServerSocketChannel s = ServerSocketChannel.open()) {
            c.isOpen();
            s.isOpen();
        }
        try (DatagramSocket d = new DatagramSocket(0, InetAddress.getLoopbackAddress()); Selector sel = Selector.open()) {
            d.getLocalPort();
            sel.isOpen();
        }
        try (ZipFile z = new ZipFile(zip.toFile()); java.util.jar.JarFile j = new java.util.jar.JarFile(zip.toFile())) {
            z.size();
            j.size();
        }
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        try (java.nio.channels.Pipe.SourceChannel source = pipe.source(); java.nio.channels.Pipe.SinkChannel sink = pipe.sink();
             java.nio.channels.AsynchronousFileChannel async = java.nio.channels.AsynchronousFileChannel.open(zip)) {
            source.isOpen();
            sink.isOpen();
            async.size();
        }
        Inflater inflater = new Inflater();
        Deflater deflater = new Deflater();
        try {
            inflater.getBytesRead();
            deflater.getBytesRead();
        } finally {
            inflater.end();
            deflater.end();
        }
    }
}
