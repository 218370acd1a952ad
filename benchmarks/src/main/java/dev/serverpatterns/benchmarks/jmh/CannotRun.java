package dev.serverpatterns.benchmarks.jmh;

/**
 * A trial that is not measured, and why: the design cannot serve the load ({@code cannot}), the
 * scenario does not apply to it ({@code n/a}), or it broke while being measured ({@code failed}).
 * Thrown from a benchmark's setup (or from a client that saw the server stall), it ends that one
 * trial; JMH goes on with the next. The verdict and reason are first written to the
 * {@link Notes}, so that the report shows a cell with the reason instead of a hole.
 */
public final class CannotRun extends RuntimeException {

    public static final String CANNOT = "cannot";
    public static final String NOT_APPLICABLE = "n/a";
    public static final String FAILED = "failed";

    private final String verdict;
    private final String reason;

    private CannotRun(String verdict, String reason, Throwable cause) {
        super(verdict + ": " + reason, cause, false, false);
        this.verdict = verdict;
        this.reason = reason;
    }

    public static CannotRun cannot(String reason) {
        return new CannotRun(CANNOT, reason, null);
    }

    public static CannotRun notApplicable(String reason) {
        return new CannotRun(NOT_APPLICABLE, reason, null);
    }

    public static CannotRun failed(String reason, Throwable cause) {
        return new CannotRun(FAILED, reason, cause);
    }

    public String verdict() {
        return verdict;
    }

    public String reason() {
        return reason;
    }
}
