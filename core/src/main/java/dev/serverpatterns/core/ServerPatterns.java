package dev.serverpatterns.core;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds {@link ServerPattern}s by name through {@link ServiceLoader}. */
public final class ServerPatterns {

    private ServerPatterns() {
    }

    /** Every registered pattern, sorted by name. */
    public static List<ServerPattern> all() {
        return ServiceLoader.load(ServerPattern.class, ServerPatterns.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    /** The pattern with that name, or an {@link IllegalArgumentException} that lists the known names. */
    public static ServerPattern byName(String name) {
        List<ServerPattern> all = all();
        return all.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown pattern '" + name + "'; known: "
                        + all.stream().map(ServerPattern::name).collect(Collectors.joining(", "))));
    }
}
