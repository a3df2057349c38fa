package io.memdiag.samples.fakejdbc;

/** A driver's statement: holds a cursor on the server until closed. */
public class FakeStatement implements AutoCloseable {

    private final byte[] buffer = new byte[256];

    public FakeResultSet executeQuery(String sql) {
        return new FakeResultSet(sql.length() + buffer.length);
    }

    @Override
    public void close() {
        // a real driver frees the server-side cursor here
    }
}
