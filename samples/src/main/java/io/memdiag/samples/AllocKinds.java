package io.memdiag.samples;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * Every way application code allocates, each in its own method, each keeping what it allocates
 * (so each site has live bytes): multi-dimensional arrays, {@code Array.newInstance},
 * {@code Constructor.newInstance}, and a class defined from bytes by a custom class loader that
 * does not delegate (the shape of plugin systems and generated code).
 *
 * <p>args: [seconds to run, default 4]
 */
public final class AllocKinds {

    /** Public: the class defined by another loader is in another runtime package. */
    public static final List<Object> KEPT = new ArrayList<>();

    private AllocKinds() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        Runnable inMemory = (Runnable) new BytesLoader().define(InMemoryAllocator.class.getName())
                .getDeclaredConstructor().newInstance();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (int i = 0; i < 50; i++) {
                grids();
                reflectiveArrays();
                reflectiveObjects();
                inMemory.run();
            }
            Thread.sleep(20);
        }
        System.out.println("AllocKinds: kept " + KEPT.size() + " allocations; defined by " + inMemory.getClass().getClassLoader());
    }

    static void grids() {
        KEPT.add(new int[16][32]);
    }

    static void reflectiveArrays() {
        KEPT.add(Array.newInstance(long.class, 256));
    }

    static void reflectiveObjects() throws ReflectiveOperationException {
        KEPT.add(Payload.class.getConstructor().newInstance());
    }

    /** Large enough (about 270 bytes) that its reflective creation is sampled often at the test's rate. */
    public static final class Payload {
        long a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9;
        long c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, d0, d1;

        public Payload() {
        }
    }

    /** Defined a second time, from its class file bytes, by {@link BytesLoader}. */
    public static final class InMemoryAllocator implements Runnable {
        @Override
        public void run() {
            KEPT.add(new short[512]);
        }
    }

    /** Defines a class from bytes it reads itself; asks its parent for everything else. */
    static final class BytesLoader extends ClassLoader {
        BytesLoader() {
            super(AllocKinds.class.getClassLoader());
        }

        Class<?> define(String name) throws IOException {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            }
        }
    }
}
