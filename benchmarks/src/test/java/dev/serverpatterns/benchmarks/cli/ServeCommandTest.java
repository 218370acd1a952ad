package dev.serverpatterns.benchmarks.cli;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerPatterns;
import dev.serverpatterns.core.ServerStats;
import java.util.stream.Collectors;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServeCommandTest {

    private static final Pattern CONTRACT_LINE =
            Pattern.compile("serving thread-per-client \\(echo\\) on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern CLOSED_LINE =
            Pattern.compile("DEBUG \\[serverpatterns-thread-per-client-client-1] closed /127\\.0\\.0\\.1:\\d+\\R");

    @Test
    void printsTheContractLineServesAndOnSigtermPrintsTheDistributionAndExitsZero() throws Exception {
        try (var serve = new ServeProcess("--pattern", "thread-per-client", "--port", "0", "--verbose")) {
            String first = serve.nextLine(30);
            Matcher contract = CONTRACT_LINE.matcher(first);
            assertThat(contract.matches()).as("first line: %s; stderr: %s", first, serve.stderr()).isTrue();
            int port = Integer.parseInt(contract.group(1));
            assertThat(port).as("the real, ephemeral port").isPositive();

            try (var client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                client.setSoTimeout(10_000);
                OutputStream out = client.getOutputStream();
                InputStream in = client.getInputStream();
                out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(in.readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("hello\n");
            }

            // the server logs "closed" after it has released the connection: wait for the line, then stop it
            await("the closed line on stderr").atMost(ofSeconds(20))
                    .until(() -> CLOSED_LINE.matcher(serve.stderr()).find());
            assertThat(serve.terminate(30)).as("exit status after SIGTERM; stderr: %s", serve.stderr()).isZero();
            assertThat(serve.rest()).isEqualTo("""
                    worker 0: 1 connection
                    accepted 1, refused 0, bytes in 6, bytes out 6
                    {"accepted":1,"refused":0,"active":0,"bytesIn":6,"bytesOut":6,"servedPerWorker":[1],"workersReplaced":0}
                    """);
            assertThat(serve.stderr()).as("--verbose logs each connection, one line each")
                    .containsPattern("DEBUG \\[serverpatterns-thread-per-client-client-1] connected by /127\\.0\\.0\\.1:\\d+\\R")
                    .containsPattern(CLOSED_LINE);
        }
    }

    @Test
    void aConfigThatServerConfigRefusesIsOneClearLineAndStatus2() {
        CliRun run = CliRun.execute("serve", "--pattern", "prethreaded-pool", "--workers", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("serverpatterns serve: --workers must be 1-4096, got 0\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownPatternIsStatus2AndListsTheKnownOnes() {
        CliRun run = CliRun.execute("serve", "--pattern", "forking");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("serverpatterns serve: unknown pattern 'forking'; known: "
                + ServerPatterns.all().stream().map(ServerPattern::name).collect(Collectors.joining(", ")) + "\n");
        assertThat(run.err()).as("the CLI's registry is the test's: both are this class path").contains("thread-per-client");
    }

    @Test
    void aMalformedOptionIsStatus2() {
        CliRun run = CliRun.execute("serve", "--pattern", "iterative", "--idle-timeout", "5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'5' is not a duration");
    }

    @Test
    void aBusyPortIsOneLineNamingTheAddressAndStatus1() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            // preemptive: were the bind to succeed, serve would run until a signal
            CliRun run = assertTimeoutPreemptively(ofSeconds(20),
                    () -> CliRun.execute("serve", "--pattern", "iterative", "--port", String.valueOf(port)));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("serverpatterns serve: ").contains("127.0.0.1:" + port)
                    .doesNotContain("\tat ");
            assertThat(run.err().lines()).hasSize(1);
        }
    }

    @Test
    void theOptionDefaultsAreServerConfigDefaultsOnPort2000() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--pattern", "iterative");

        assertThat(serve.config()).isEqualTo(ServerConfig.defaults().toBuilder().port(2000).build());
    }

    @Test
    void everyOptionReachesTheConfig() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--pattern", "iterative", "--host", "0.0.0.0", "--port", "0",
                "--protocol", "bytes", "--workers", "10", "--work", "5ms", "--max-connections", "7",
                "--idle-timeout", "0", "--output-buffer", "1MiB", "--backlog", "8");

        ServerConfig config = serve.config();
        assertThat(config.bindAddress().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(config.protocol()).isEqualTo("bytes");
        assertThat(config.workers()).isEqualTo(10);
        assertThat(config.workPerMessage()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.maxConnections()).isEqualTo(7);
        assertThat(config.idleTimeout()).isZero();
        assertThat(config.outputBufferCap()).isEqualTo(1 << 20);
        assertThat(config.backlog()).isEqualTo(8);
    }

    @Test
    void theDistributionHasALinePerWorkerThenTheTotals() {
        var text = new StringWriter();
        ServeCommand.printStats(new PrintWriter(text, true),
                new ServerStats(1500, 2, 0, 7500, 6_144_000, List.of(147L, 1L, 0L)));

        assertThat(text.toString()).isEqualTo("""
                worker 0: 147 connections
                worker 1: 1 connection
                worker 2: 0 connections
                accepted 1,500, refused 2, bytes in 7,500, bytes out 6,144,000
                {"accepted":1500,"refused":2,"active":0,"bytesIn":7500,"bytesOut":6144000,"servedPerWorker":[147,1,0],"workersReplaced":0}
                """);
    }

    @Test
    void workersGivenToAPatternWithoutAFixedNumberIsSaidToBeIgnored() throws Exception {
        try (var serve = new ServeProcess("--pattern", "thread-per-client", "--port", "0", "--workers", "8")) {
            assertThat(serve.nextLine(30)).startsWith("serving thread-per-client");
            assertThat(serve.terminate(30)).isZero();
            assertThat(serve.stderr()).contains("note: --workers is ignored by thread-per-client: it has a thread "
                    + "per connection");
        }
    }
}
