package io.memdiag.samples;

import io.memdiag.samples.fakejdbc.FakeConnection;
import io.memdiag.samples.fakejdbc.FakeResultSet;
import io.memdiag.samples.fakejdbc.FakeStatement;

/**
 * JDBC-shaped code: the connection is closed, but {@link #countRows} drops its statement and
 * result set without close(), as the classic "forgot to close the ResultSet" bug does. Run with
 * {@code resources.track=io.memdiag.samples.fakejdbc}: memdiag names countRows, not the driver.
 *
 * <p>args: [seconds, default 5]
 */
public final class LeakyJdbc {

    private LeakyJdbc() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long sum = 0;
        try (FakeConnection connection = new FakeConnection()) {
            while (System.nanoTime() < end) {
                sum += countRows(connection) + countRowsProperly(connection);
                sum += Workload.churn(1024 * 1024);
                Thread.sleep(5);
            }
        }
        System.out.println("LeakyJdbc: checksum " + sum);
    }

    static int countRows(FakeConnection connection) {
        FakeStatement statement = connection.createStatement();
        FakeResultSet rows = statement.executeQuery("select count(*) from orders");
        return rows.rows();
    }

    static int countRowsProperly(FakeConnection connection) {
        try (FakeStatement statement = connection.createStatement();
             FakeResultSet rows = statement.executeQuery("select count(*) from orders")) {
            return rows.rows();
        }
    }
}
