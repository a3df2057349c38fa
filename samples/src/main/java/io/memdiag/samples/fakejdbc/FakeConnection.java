package io.memdiag.samples.fakejdbc;

/**
 * Stands for a JDBC driver's connection (the shape matters, not the database): it hands out
 * statements, which hand out result sets, each AutoCloseable, as java.sql's are.
 */
public class FakeConnection implements AutoCloseable {

    private boolean closed;

    public FakeStatement createStatement() {
        return new FakeStatement();
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }
}
