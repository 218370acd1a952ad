package dev.serverpatterns.benchmarks.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code serverpatterns --version}: the project version Maven recorded in the jar (so it is never
 * out of step with the pom), and the Java that runs it.
 */
final class VersionProvider implements IVersionProvider {

    private static final String POM_PROPERTIES = "/META-INF/maven/dev.serverpatterns/benchmarks/pom.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
                "serverpatterns " + projectVersion(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }

    private static String projectVersion() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return "(development build: not run from the jar)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown)");
        } catch (IOException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }
}
