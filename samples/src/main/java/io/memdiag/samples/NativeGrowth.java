package io.memdiag.samples;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Memory outside the heap, two ways, with a small, flat heap:
 * {@code grow} keeps direct buffers (2 MB every 100 ms) and deflaters it never ends, the way a
 * buffer cache without a bound and a compressor per request do (expect NATIVE_GROWTH, never
 * HEAP_LEAK); {@code burst} allocates 256 MB of direct buffers once, drops them, and does light
 * work (memory outside the heap rises once and levels off: not NATIVE_GROWTH).
 *
 * <p>args: [grow|burst] [seconds, default 10]
 */
public final class NativeGrowth {

    static final List<ByteBuffer> BUFFERS = new ArrayList<>();
    static final List<Deflater> COMPRESSORS = new ArrayList<>();

    private NativeGrowth() {
    }

    public static void main(String[] args) throws Exception {
        String style = args.length > 0 ? args[0] : "grow";
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 10;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        if (style.equals("burst")) {
            List<ByteBuffer> burst = new ArrayList<>();
            for (int i = 0; i < 128; i++) {
                burst.add(touched(ByteBuffer.allocateDirect(2 * 1024 * 1024)));
            }
            burst.clear();
            // The test judges only reports made well after this point; on a loaded machine the
            // allocation can take seconds, so a fixed cut-off would sometimes fall inside it.
            System.out.println("NativeGrowth: burst allocated at uptime "
                    + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
        }
        long sum = 0;
        while (System.nanoTime() < end) {
            if (style.equals("grow")) {
                BUFFERS.add(cacheBuffer());
                COMPRESSORS.add(compressorPerRequest());
            }
            sum += Workload.churn(2L * 1024 * 1024); // young collections; the heap itself stays small and flat
            Thread.sleep(100);
        }
        System.out.println("NativeGrowth: " + style + " " + BUFFERS.size() + " buffers, checksum " + sum);
    }

    static ByteBuffer cacheBuffer() {
        return touched(ByteBuffer.allocateDirect(2 * 1024 * 1024));
    }

    static Deflater compressorPerRequest() {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(new byte[64 * 1024]);
        deflater.deflate(new byte[64 * 1024]); // zlib allocates its window and state natively
        deflater.setInput(new byte[0]); // keep the native state, not the 64 KB input: the heap stays flat
        return deflater;
    }

    /** Writes every page, so the buffer is resident memory, as a used buffer would be. */
    static ByteBuffer touched(ByteBuffer b) {
        for (int p = 0; p < b.capacity(); p += 4096) {
            b.put(p, (byte) 1);
        }
        return b;
    }
}
