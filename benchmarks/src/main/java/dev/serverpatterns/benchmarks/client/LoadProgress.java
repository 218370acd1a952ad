package dev.serverpatterns.benchmarks.client;

import java.time.Duration;

/**
 * What a running load has done so far, handed to a listener about once a second so that a
 * command can print a progress line (the load classes themselves never print).
 *
 * @param elapsed   time since the measured window started
 * @param completed operations completed so far (round trips, or connections)
 * @param errors    errors so far
 */
public record LoadProgress(Duration elapsed, long completed, long errors) {
}
