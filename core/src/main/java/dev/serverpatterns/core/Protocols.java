package dev.serverpatterns.core;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds {@link Protocol}s by name through {@link ServiceLoader}. */
public final class Protocols {

    private Protocols() {
    }

    /** Protocols are stateless, so they are loaded once: a connection's session costs no lookup. */
    private static final class Loaded {
        static final List<Protocol> ALL = ServiceLoader.load(Protocol.class, Protocols.class.getClassLoader())
                .stream()
                .map(ServiceLoader.Provider::get)
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    /** Every protocol on the module path or class path, sorted by name. */
    public static List<Protocol> all() {
        return Loaded.ALL;
    }

    /** The protocol with that name, or an {@link IllegalArgumentException} that lists the known names. */
    public static Protocol byName(String name) {
        List<Protocol> all = all();
        return all.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown protocol '" + name + "'; known: "
                        + all.stream().map(Protocol::name).collect(Collectors.joining(", "))));
    }
}
