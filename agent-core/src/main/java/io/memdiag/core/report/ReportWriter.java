package io.memdiag.core.report;

/** Where finished reports go. Implementations never throw into the sampler. */
public interface ReportWriter extends AutoCloseable {

    void write(Report report);

    @Override
    void close();
}
