package dev.serverpatterns.core;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A snapshot of a running server's counters.
 *
 * <p>It crosses process boundaries as one line of JSON ({@link #toJson()}, {@link #fromJson}):
 * {@code serve} prints it on exit for a harness to read, and a child process can report to its
 * parent the same way. Core has no JSON library; the shape is flat and fixed, so the reader
 * accepts exactly what the writer writes (in any field order, with any white space;
 * {@code workersReplaced}, added later, may be missing and reads as 0).
 *
 * @param accepted           connections admitted and served (refused ones are not counted)
 * @param refused            connections closed at once because {@code maxConnections} were open
 * @param active             connections open now
 * @param bytesIn            bytes read from clients
 * @param bytesOut           bytes written to clients
 * @param servedPerWorker    admitted connections by the worker that served them (the
 *                           distribution of UNP's Figure 30.2 and csdesign's server03a table);
 *                           once every admitted connection has reached a worker, it sums to
 *                           {@code accepted}
 * @param workersReplaced    workers that died and were replaced in their slot by a supervisor
 */
public record ServerStats(long accepted, long refused, long active, long bytesIn, long bytesOut,
                          List<Long> servedPerWorker, long workersReplaced) {

    private static final Pattern NUMBER_FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*(-?\\d+)");
    private static final Pattern LIST_FIELD = Pattern.compile("\"servedPerWorker\"\\s*:\\s*\\[([^\\]]*)]");
    private static final Pattern OBJECT = Pattern.compile("\\s*\\{.*}\\s*", Pattern.DOTALL);

    public ServerStats {
        servedPerWorker = List.copyOf(servedPerWorker);
    }

    /** The stats of a server whose workers were never replaced (or that has no supervisor). */
    public ServerStats(long accepted, long refused, long active, long bytesIn, long bytesOut,
                       List<Long> servedPerWorker) {
        this(accepted, refused, active, bytesIn, bytesOut, servedPerWorker, 0);
    }

    /** The same counters, with {@code workersReplaced} set. */
    public ServerStats withWorkersReplaced(long replaced) {
        return new ServerStats(accepted, refused, active, bytesIn, bytesOut, servedPerWorker, replaced);
    }

    /**
     * {@code {"accepted":12,"refused":0,"active":0,"bytesIn":60,"bytesOut":60,"servedPerWorker":[6,6],"workersReplaced":0}}
     */
    public String toJson() {
        StringBuilder json = new StringBuilder(96 + 8 * servedPerWorker.size())
                .append("{\"accepted\":").append(accepted)
                .append(",\"refused\":").append(refused)
                .append(",\"active\":").append(active)
                .append(",\"bytesIn\":").append(bytesIn)
                .append(",\"bytesOut\":").append(bytesOut)
                .append(",\"servedPerWorker\":[");
        for (int i = 0; i < servedPerWorker.size(); i++) {
            json.append(i == 0 ? "" : ",").append(servedPerWorker.get(i));
        }
        return json.append("],\"workersReplaced\":").append(workersReplaced).append('}').toString();
    }

    /**
     * Reads what {@link #toJson()} wrote.
     *
     * @throws IllegalArgumentException if it is not such an object, or a field is missing
     */
    public static ServerStats fromJson(String json) {
        if (!OBJECT.matcher(json).matches()) {
            throw new IllegalArgumentException("not a JSON object: " + json);
        }
        Matcher list = LIST_FIELD.matcher(json);
        if (!list.find()) {
            throw new IllegalArgumentException("no servedPerWorker list in " + json);
        }
        List<Long> perWorker = new ArrayList<>();
        for (String n : list.group(1).split(",")) {
            if (!n.isBlank()) {
                perWorker.add(Long.parseLong(n.strip()));
            }
        }
        String numbers = json.substring(0, list.start()) + json.substring(list.end());
        java.util.Map<String, Long> fields = new java.util.HashMap<>();
        Matcher m = NUMBER_FIELD.matcher(numbers);
        while (m.find()) {
            fields.put(m.group(1), Long.parseLong(m.group(2)));
        }
        for (String name : List.of("accepted", "refused", "active", "bytesIn", "bytesOut")) {
            if (!fields.containsKey(name)) {
                throw new IllegalArgumentException("no " + name + " in " + json);
            }
        }
        return new ServerStats(fields.get("accepted"), fields.get("refused"), fields.get("active"),
                fields.get("bytesIn"), fields.get("bytesOut"), perWorker, fields.getOrDefault("workersReplaced", 0L));
    }
}
