import dev.serverpatterns.core.*;
public class Serve {
    public static void main(String[] args) throws Exception {
        RunningServer server = ServerPatterns.byName(args[0]).start(ServerConfig.builder()
                .port(Integer.parseInt(args[1])).workers(args.length > 2 ? Integer.parseInt(args[2]) : 4).build());
        System.out.println("serving " + args[0] + " on " + server.address());
        Thread.sleep(Long.MAX_VALUE);
    }
}
