package dev.serverpatterns.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverpatterns.core.protocols.HttpProtocol;
import dev.serverpatterns.testkit.SystemTools;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NginxTest {

    @Test
    void theConfigServesTheProtocolsBodyWithNoAccessLogAndEverythingUnderItsDirectory() {
        String config = Nginx.config(1, 40123, Path.of("/tmp/x"));

        assertThat(config).contains("daemon off;", "worker_processes 1;", "listen 127.0.0.1:40123;",
                "return 200 \"hello from serverpatterns\\n\";", "default_type text/plain;", "access_log off;",
                "pid /tmp/x/nginx.pid;", "client_body_temp_path /tmp/x/client_body;");
        assertThat(HttpProtocol.BODY).as("the body the config quotes").isEqualTo("hello from serverpatterns\n");
        assertThat(config.lines().filter(line -> line.contains("_temp_path")))
                .as("no temp path left at its default under /var").hasSize(5)
                .allMatch(line -> line.contains("/tmp/x/"));
        assertThat(Nginx.config(0, 1, Path.of("/d"))).contains("worker_processes auto;");
    }

    @Test
    void startedNginxAnswersGetWithTheSameBodyAndStopsWithItsWorkers() throws IOException {
        String missing = Nginx.unavailableReason();
        if (missing != null) {
            SystemTools.missing(missing);
        }
        ProcessHandle master;
        List<ProcessHandle> workers;
        try (Nginx nginx = Nginx.start(1, List.of())) {
            master = ProcessHandle.of(nginx.pid()).orElseThrow();
            workers = master.children().toList();
            assertThat(workers).as("one worker process").hasSize(1);
            try (Socket client = new Socket(nginx.address().getAddress(), nginx.address().getPort())) {
                client.setSoTimeout(10_000);
                client.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String response = new String(readAll(client.getInputStream()), StandardCharsets.US_ASCII);
                assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/plain\r\n")
                        .endsWith("\r\n\r\n" + HttpProtocol.BODY);
            }
            assertThat(nginx.cpuNanos()).isNotNegative();
        }
        assertThat(master.isAlive()).as("the master is stopped").isFalse();
        assertThat(workers).as("and its workers with it").noneMatch(ProcessHandle::isAlive);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readNBytes(64 * 1024);
    }
}
