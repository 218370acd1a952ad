package dev.serverpatterns.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Rethrows a failed contract test's exception as an {@link AssertionError} that names the
 * {@link Promise} it broke and the pattern that broke it; the original is kept as the cause.
 * A skipped test (an assumption, a missing tool) stays skipped.
 */
final class PromiseReporter implements TestExecutionExceptionHandler {

    static final String PREFIX = "promise ";

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Promise promise = context.getRequiredTestMethod().getAnnotation(Promise.class);
        if (promise == null || failure instanceof TestAbortedException) {
            throw failure;
        }
        String pattern = context.getTestInstance().map(i -> ((ServerPatternContract) i).patternName()).orElse("?");
        AssertionError named = new AssertionError(describe(promise) + " broken by " + pattern + ": " + failure, failure);
        throw named;
    }

    /** {@code promise 7 (a slow reader cannot make the server buffer more than its cap)} */
    static String describe(Promise promise) {
        return PREFIX + promise.value() + " (" + promise.name() + ")";
    }
}
