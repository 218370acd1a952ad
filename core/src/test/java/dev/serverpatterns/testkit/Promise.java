package dev.serverpatterns.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a contract test with the numbered promise it checks. A failure of that test is reported
 * as {@code promise N (name) broken by PATTERN: ...}, so that whoever reads it (a pattern's author,
 * or the kit's self-test) knows which promise a design broke, not only which assertion fired.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Promise {

    /** The promise's number in {@link ServerPatternContract}. */
    int value();

    /** The promise in a few words, e.g. "a slow reader cannot make the server buffer more than its cap". */
    String name();
}
