package example;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPatterns;

/** Serves {@code shout} on the pattern named by the first argument until its stdin closes. */
public final class ShoutServer {

    public static RunningServer start(String pattern, int port) throws java.io.IOException {
        ServerConfig config = ServerConfig.builder().port(port).protocol("shout").build();
        return ServerPatterns.byName(pattern).start(config);
    }

    public static void main(String[] args) throws Exception {
        String pattern = args.length > 0 ? args[0] : "thread-per-client";
        try (RunningServer server = start(pattern, args.length > 1 ? Integer.parseInt(args[1]) : 0)) {
            System.out.println("serving shout on " + pattern + " at " + server.address().getPort());
            System.in.transferTo(java.io.OutputStream.nullOutputStream()); // until stdin closes
        }
    }
}
