package io.memdiag.samples.fakejdbc;

/** The driver's base result set: both constructors run for a FakeResultSet, which counts once. */
public abstract class BaseResultSet implements AutoCloseable {

    private final int rows;

    protected BaseResultSet(int rows) {
        this.rows = rows;
    }

    public int rows() {
        return rows;
    }

    @Override
    public void close() {
        // a real driver releases its row buffer here
    }
}
