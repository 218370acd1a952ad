import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPatterns;

public class ByteServer {
    public static void main(String[] args) throws Exception {
        ServerConfig config = ServerConfig.builder().port(2000).protocol("bytes").workers(8).build();
        try (RunningServer server = ServerPatterns.byName("prethreaded-accept").start(config)) {
            System.out.println("serving on " + server.address());
            Thread.sleep(java.time.Duration.ofMinutes(1));
            System.out.println(server.stats().servedPerWorker());
        }
    }
}
