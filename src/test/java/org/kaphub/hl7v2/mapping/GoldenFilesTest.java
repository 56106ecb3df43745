package org.kaphub.hl7v2.mapping;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kaphub.hl7v2.Hl7v2Fixtures;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message in src/test/resources/hl7v2/in maps to exactly the transaction Bundle in its .json twin (JSON-equal;
 * a difference is reported by JSON path). When mapping output changes on purpose, regenerate and review the diff:
 * <pre>mvn -B -o test -Dtest=GoldenFilesTest -Dgolden.update=true &amp;&amp; git diff src/test/resources/hl7v2/in</pre>
 */
class GoldenFilesTest {

    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final String REGENERATE = "mvn -B -o test -Dtest=GoldenFilesTest -Dgolden.update=true";

    static List<String> messages() {
        return GoldenFiles.messages();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void mapsToItsGoldenBundle(String message) throws Exception {
        String actual = GoldenFiles.json(GoldenFiles.bundle(message));
        Path expected = GoldenFiles.expected(message);
        if (UPDATE) {
            Files.writeString(expected, actual);
        }
        assertThat(expected).as("%s has no golden file: create it with %s", message, REGENERATE).exists();
        JSONAssert.assertEquals(message + " no longer maps to " + expected.getFileName()
                + " (if intended: " + REGENERATE + ", then review the diff)", Files.readString(expected), actual,
                JSONCompareMode.STRICT);
    }

    /** A mapper, or a message type added to one, without a golden message fails here. */
    @Test
    void everyMessageTypeOfEveryMapperHasAGoldenMessage() {
        Map<String, List<String>> byType = new TreeMap<>();
        for (String message : GoldenFiles.messages()) {
            byType.computeIfAbsent(messageType(message), t -> new ArrayList<>()).add(message);
        }
        Set<String> supported = Hl7v2Fixtures.MAPPERS.supportedTypes();

        Set<String> missing = new TreeSet<>(supported);
        missing.removeAll(byType.keySet());

        assertThat(missing).as("message types of MessageMappers.standard() without a golden message in " + GoldenFiles.DIR)
                .isEmpty();
        assertThat(byType.keySet()).as("golden messages of a type no mapper takes").isSubsetOf(supported);
    }

    /** A .json left behind by a renamed or deleted message would never be compared again. */
    @Test
    void everyGoldenBundleHasItsMessage() throws Exception {
        Set<String> messages = new TreeSet<>(GoldenFiles.messages());
        List<String> orphans;
        try (var files = Files.list(GoldenFiles.DIR)) {
            orphans = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .filter(n -> !messages.contains(n.replaceAll("\\.json$", ".hl7"))).sorted().toList();
        }
        assertThat(orphans).as("golden .json files without their .hl7").isEmpty();
    }

    /** MSH-9.1^MSH-9.2 of a golden message, read the way the mappers are looked up. */
    private static String messageType(String message) {
        return V2Message.of(Hl7v2Fixtures.parse(GoldenFiles.text(message)), Hl7v2Fixtures.ZONE)
                .messageType();
    }
}
