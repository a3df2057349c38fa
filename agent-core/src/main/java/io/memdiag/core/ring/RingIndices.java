package io.memdiag.core.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The ring's counters, each on its own cache line. The JVM lays out a superclass's fields
 * before a subclass's, so the padding classes in this hierarchy keep the producer index, the
 * consumer index and the drop counter at least 64 bytes apart without {@code @Contended}
 * (which needs a JVM flag).
 */
abstract class RingIndices extends ConsumerIndexPad {

    private static final VarHandle PRODUCER;
    private static final VarHandle CONSUMER;
    private static final VarHandle DROPS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER = lookup.findVarHandle(ProducerIndex.class, "producerIndex", long.class);
            CONSUMER = lookup.findVarHandle(ConsumerIndex.class, "consumerIndex", long.class);
            DROPS = lookup.findVarHandle(DropCounter.class, "drops", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long producerIndex() {
        return (long) PRODUCER.getVolatile(this);
    }

    final boolean casProducerIndex(long expected, long next) {
        return PRODUCER.compareAndSet(this, expected, next);
    }

    final long consumerIndex() {
        return (long) CONSUMER.getAcquire(this);
    }

    final void setConsumerIndex(long next) {
        CONSUMER.setRelease(this, next);
    }

    final void countDrop() {
        DROPS.getAndAdd(this, 1L);
    }

    final long drops() {
        return (long) DROPS.getVolatile(this);
    }
}

/** Keeps the first counter off the object header's cache line. */
abstract class HeaderPad {
    long p00, p01, p02, p03, p04, p05, p06, p07;
}

abstract class ProducerIndex extends HeaderPad {
    volatile long producerIndex;
}

abstract class ProducerIndexPad extends ProducerIndex {
    long p10, p11, p12, p13, p14, p15, p16, p17;
}

abstract class ConsumerIndex extends ProducerIndexPad {
    volatile long consumerIndex;
}

abstract class DropCounterPad extends ConsumerIndex {
    long p20, p21, p22, p23, p24, p25, p26, p27;
}

abstract class DropCounter extends DropCounterPad {
    volatile long drops;
}

abstract class ConsumerIndexPad extends DropCounter {
    long p30, p31, p32, p33, p34, p35, p36, p37;
}
