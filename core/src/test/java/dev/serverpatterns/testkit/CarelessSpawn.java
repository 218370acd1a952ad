package dev.serverpatterns.testkit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.serverpatterns.core.nativeio.NativeSockets;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * posix_spawn(3) as a careless parent calls it: no file actions (so the child inherits every
 * descriptor of this JVM that is not close-on-exec, and the JDK opens its sockets without that
 * flag) and, unless the caller does it, no waitpid(2) (so an ended child stays a zombie). For the
 * broken patterns that the process promises must reject; the JDK's ProcessBuilder can make neither
 * mistake.
 */
final class CarelessSpawn {

    private static final MethodHandle POSIX_SPAWN = NativeSockets.function("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MemorySegment ENVIRON = Linker.nativeLinker().defaultLookup().find("environ").orElseThrow()
            .reinterpret(ADDRESS.byteSize());

    private CarelessSpawn() {
    }

    /** Spawns {@code argv} (argv[0] an absolute path) with everything inherited; returns its pid. */
    static long spawn(List<String> argv) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment args = arena.allocate(ADDRESS, argv.size() + 1L);
            for (int i = 0; i < argv.size(); i++) {
                args.setAtIndex(ADDRESS, i, arena.allocateFrom(argv.get(i)));
            }
            MemorySegment pid = arena.allocate(JAVA_INT);
            int error = (int) POSIX_SPAWN.invokeExact(NativeSockets.callState(), pid, args.getAtIndex(ADDRESS, 0),
                    MemorySegment.NULL, MemorySegment.NULL, args, ENVIRON.get(ADDRESS, 0));
            if (error != 0) {
                throw new IllegalStateException("posix_spawn " + argv + " failed: error " + error);
            }
            return pid.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeSockets.unexpected(t);
        }
    }
}
