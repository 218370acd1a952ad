package dev.serverpatterns.benchmarks.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every error of a run is counted; only the first few messages are kept, so a server that
 * fails every one of a million connections costs a counter, not a million strings.
 */
final class LoadErrors {

    static final int MESSAGES_KEPT = 10;

    private final LongAdder count = new LongAdder();
    private final List<String> first = new ArrayList<>(MESSAGES_KEPT);

    void add(String message) {
        count.increment();
        synchronized (first) {
            if (first.size() < MESSAGES_KEPT) {
                first.add(message);
            }
        }
    }

    long count() {
        return count.sum();
    }

    List<String> firstMessages() {
        synchronized (first) {
            return List.copyOf(first);
        }
    }
}
