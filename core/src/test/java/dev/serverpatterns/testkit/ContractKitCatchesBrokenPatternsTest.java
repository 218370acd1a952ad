package dev.serverpatterns.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.serverpatterns.core.ServerPattern;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * A contract test that no correct pattern can fail is only half a test. Here every promise of
 * {@link ServerPatternContract} is run against a pattern broken in just the way it guards
 * against ({@link BrokenPatterns}), and must reject it, with a failure that names the promise.
 * The table below is the list: one row per promise at least, and a test that no promise lacks one.
 */
class ContractKitCatchesBrokenPatternsTest {

    /** Which contract test, run against which broken pattern, must fail naming which promise. */
    static Stream<Arguments> brokenPatterns() {
        return Stream.of(
                row(1, "echoesOneMebibyteWrittenInRandomChunks", BrokenPatterns.CORRUPTS_LONG_ECHOES),
                row(2, "anIdleClientDoesNotStopASecondClientBeingServed", BrokenPatterns.SERIALIZES_BY_MISTAKE),
                row(3, "twoHundredConcurrentClientsOverlapAndGetFiftyExactRoundTripsEach",
                        BrokenPatterns.SERIALIZES_BY_MISTAKE),
                row(4, "byteCountRequestWithNewline", BrokenPatterns.WRONG_FILL),
                row(4, "aByteCountSplitAcrossSegmentsIsOneRequest", BrokenPatterns.SPLIT_BLIND),
                row(5, "halfCloseGetsEverythingEchoedThenTheServerCloses", BrokenPatterns.NEVER_CLOSES_AFTER_HALF_CLOSE),
                row(6, "aClientThatResetsMidStreamLeavesTheServerHealthy", BrokenPatterns.DIES_ON_RESET),
                row(7, "aSlowReaderCannotMakeTheServerBufferMoreThanItsCap", BrokenPatterns.UNBOUNDED_BUFFER),
                row(8, "idleTimeoutClosesASilentConnectionNotBeforeAndActivityResetsIt",
                        BrokenPatterns.IDLE_TIMER_FROM_ACCEPT),
                row(9, "maxConnectionsRefusesTheExtraOnePromptly", BrokenPatterns.IGNORES_MAX_CONNECTIONS),
                row(10, "closeFreesThePortEndsThreadsAndProcessesAndLeaksNoSockets", BrokenPatterns.CLOSE_DOES_NOTHING),
                row(10, "closeFreesThePortEndsThreadsAndProcessesAndLeaksNoSockets",
                        BrokenPatterns.LEAKS_A_VIRTUAL_THREAD),
                row(10, "closeFreesThePortEndsThreadsAndProcessesAndLeaksNoSockets", BrokenPatterns.LEAVES_A_ZOMBIE),
                row(11, "aBusyPortGivesAnIOExceptionNamingTheAddress", BrokenPatterns.NAMELESS_BIND_ERROR),
                row(12, "statsCountEveryConnectionAndPerWorkerCountsSumToIt", BrokenPatterns.MISCOUNTS_BYTES_OUT),
                row(13, "aWorkerKilledByAnInjectedFaultIsReplaced", BrokenPatterns.SWALLOWS_FAULTS),
                row(14, "clientsThatNeverReadAreClosedAfterTheIdleTimeoutAndOthersAreServed",
                        BrokenPatterns.NO_WRITE_TIMEOUT),
                row(15, "aClientThatNeverReadsDoesNotSlowTheOthers", BrokenPatterns.ONE_LOCK_FOR_ALL_WRITES),
                row(16, "childProcessesHoldOnlyTheDescriptorsTheyWereGiven", BrokenPatterns.LEAKS_SOCKETS_TO_A_CHILD),
                row(17, "twoHundredKeepAliveHttpClientsGetFiftyExactResponsesEach", BrokenPatterns.CLOSES_KEPT_ALIVE));
    }

    private static Arguments row(int promise, String test, ServerPattern broken) {
        return Arguments.of(promise, test, broken);
    }

    /** The pattern under test, for the one run of {@link Against}. */
    private static volatile ServerPattern underTest;

    /** The kit, against whatever pattern the current row names. Not a test of its own (nested, not picked up). */
    static class Against extends ServerPatternContract {
        Against() {
            super(underTest);
        }
    }

    @ParameterizedTest(name = "promise {0}: {1} rejects {2}")
    @MethodSource("brokenPatterns")
    void theKitRejectsAPatternBrokenInTheWayThePromiseGuardsAgainst(int promise, String test, ServerPattern broken)
            throws NoSuchMethodException {
        Promise declared = ServerPatternContract.class.getDeclaredMethod(test).getAnnotation(Promise.class);
        assertThat(declared).as("%s carries its @Promise", test).isNotNull();
        assertThat(declared.value()).as("the row names the promise %s checks", test).isEqualTo(promise);

        underTest = broken;
        var summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(Against.class, test)).build(), summary);

        assertThat(summary.getSummary().getTestsStartedCount()).as("the test ran (was not skipped)").isEqualTo(1);
        assertThat(summary.getSummary().getTestsFailedCount()).as("%s fails %s", broken.name(), test).isEqualTo(1);
        Throwable failure = summary.getSummary().getFailures().getFirst().getException();
        System.out.println("promise " + promise + " rejects " + broken.name() + ": " + firstLine(failure.getMessage()));
        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(PromiseReporter.describe(declared) + " broken by " + broken.name() + ": ");
    }

    @Test
    void everyPromiseOfTheKitHasABrokenPatternThatItRejects() {
        Set<Integer> promised = Arrays.stream(ServerPatternContract.class.getDeclaredMethods())
                .map(m -> m.getAnnotation(Promise.class)).filter(p -> p != null).map(Promise::value)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> proven = brokenPatterns().map(a -> (Integer) a.get()[0]).collect(Collectors.toCollection(TreeSet::new));
        assertThat(proven).as("promises with a broken pattern in the table").isEqualTo(promised);
        assertThat(promised).as("the promises are numbered 1..N without gaps")
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, promised.size()).boxed().toList());
    }

    @Test
    void everyContractTestChecksAPromise() {
        for (Method m : ServerPatternContract.class.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Test.class)) {
                assertThat(m.getAnnotation(Promise.class)).as("%s names the promise it checks", m.getName()).isNotNull();
            }
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
