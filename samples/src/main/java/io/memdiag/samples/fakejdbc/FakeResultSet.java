package io.memdiag.samples.fakejdbc;

/** A driver's result set, a subclass of a base one as drivers often have. */
public class FakeResultSet extends BaseResultSet {

    public FakeResultSet(int rows) {
        super(rows);
    }
}
