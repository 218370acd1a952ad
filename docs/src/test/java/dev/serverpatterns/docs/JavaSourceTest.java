package dev.serverpatterns.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JavaSourceTest {

    private static final String SOURCE = """
            package example;

            import java.util.List;

            /** The type's own Javadoc. */
            public final class Outer {

                private static final String BRACES = "} { ;"; // a comment after a field
                private final char open = '{';
                private final Runnable task = () -> {
                    System.out.println("a lambda's body is part of the field");
                };
                private final int[] primes = {2, 3, 5};

                /** Javadoc is the page's job: left out. */
                @Override
                public String toString() {
                    // a } in a comment
                    /* and a { in another */
                    return \"""
                        a text block with } and "quotes"
                        \""";
                }

                public Outer() {
                }

                void overloaded() {
                }

                void overloaded(int n) {
                }

                enum Direction {
                    /** constants are not members */
                    NORTH, SOUTH;

                    Direction opposite() {
                        return this == NORTH ? SOUTH : NORTH;
                    }
                }

                record Point(int x, int y) {
                    Point {
                        if (x < 0) throw new IllegalArgumentException();
                    }

                    int sum() {
                        return x + y;
                    }
                }

                interface Shape {
                    double area();
                }
            }
            """;

    private final JavaSource source = JavaSource.parse(SOURCE);

    @Test
    void aMethodIsQuotedWithItsAnnotationsWithoutItsJavadocAndDedented() {
        assertThat(source.excerpt("toString")).isEqualTo("""
                @Override
                public String toString() {
                    // a } in a comment
                    /* and a { in another */
                    return \"""
                        a text block with } and "quotes"
                        \""";
                }""");
    }

    @Test
    void bracesInStringsCommentsAndCharactersAreNotCounted() {
        assertThat(source.excerpt("BRACES")).isEqualTo(
                "private static final String BRACES = \"} { ;\"; // a comment after a field");
        assertThat(source.excerpt("open")).isEqualTo("private final char open = '{';");
    }

    @Test
    void aFieldEndsAfterTheBracesOfItsInitializer() {
        assertThat(source.excerpt("task")).isEqualTo("""
                private final Runnable task = () -> {
                    System.out.println("a lambda's body is part of the field");
                };""");
        assertThat(source.excerpt("primes")).isEqualTo("private final int[] primes = {2, 3, 5};");
    }

    @Test
    void nestedMembersAreFoundByNameOrQualifiedByTheirType() {
        assertThat(source.excerpt("opposite")).isEqualTo(source.excerpt("Direction.opposite"))
                .startsWith("Direction opposite() {");
        assertThat(source.excerpt("Outer.Point.sum")).isEqualTo("""
                int sum() {
                    return x + y;
                }""");
        assertThat(source.excerpt("Shape")).isEqualTo("""
                interface Shape {
                    double area();
                }""");
    }

    @Test
    void aTypeNameMeansTheTypeAndTypeDotTypeItsConstructor() {
        assertThat(source.excerpt("Point")).startsWith("record Point(int x, int y) {").endsWith("}\n}");
        assertThat(source.excerpt("Point.Point")).startsWith("Point {");
        assertThat(source.excerpt("Outer.Outer")).isEqualTo("public Outer() {\n}");
        assertThat(source.excerpt("Outer")).startsWith("public final class Outer {");
    }

    @Test
    void enumConstantsPackagesAndImportsAreNotMembers() {
        assertThat(source.members()).extracting(JavaSource.Member::qualifiedName)
                .contains("Outer.Direction.opposite")
                .doesNotContain("Outer.Direction.NORTH", "Outer.Direction.SOUTH", "example", "List");
    }

    @Test
    void anAmbiguousNameFailsWithTheLinesItMatches() {
        assertThatThrownBy(() -> source.excerpt("overloaded"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names 2 members (lines 28, 31)");
    }

    @Test
    void aMissingNameFailsWithTheMembersThereAre() {
        assertThatThrownBy(() -> source.excerpt("start"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no member 'start'")
                .hasMessageContaining("Outer.toString");
    }
}
