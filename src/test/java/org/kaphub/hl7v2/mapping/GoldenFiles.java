package org.kaphub.hl7v2.mapping;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.kaphub.hl7v2.Hl7v2Fixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The golden files: every {@code src/test/resources/hl7v2/in/<name>.hl7} and the transaction Bundle its mapper produces,
 * expected in {@code <name>.json}. Read from the source tree (not the classpath) so that {@code -Dgolden.update=true}
 * rewrites the very files the next run compares with.
 */
final class GoldenFiles {

    static final Path DIR = Path.of("src/test/resources/hl7v2/in");
    static final FhirContext FHIR = FhirContext.forR4Cached();

    /**
     * Placeholders of the fixtures the other mapping tests fill per case, given one fixed value here; {{MRN}} and
     * {{CTRL}} take {@link Hl7v2Fixtures}' defaults. Any placeholder left over fails the message.
     */
    private static final String[] PLACEHOLDERS = {"EVENT", "S12", "OLDMRN", "MRN-0999"};

    private GoldenFiles() {
    }

    /** Every message file, by name, in name order. */
    static List<String> messages() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hl7")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path expected(String message) {
        return DIR.resolve(message.substring(0, message.length() - ".hl7".length()) + ".json");
    }

    static String text(String message) {
        String text = Hl7v2Fixtures.fixture(message, PLACEHOLDERS);
        if (text.contains("{{")) {
            throw new IllegalStateException(message + " has a placeholder GoldenFiles does not fill");
        }
        return text;
    }

    /**
     * The message mapped as the inbound route maps it (same parser, mappers and mapping context as the unit tests), its
     * codings given their code systems' displays as the map step does (before the Provenance, which is not golden).
     */
    static Bundle bundle(String message) throws MappingException {
        Bundle bundle = Hl7v2Fixtures.map(Hl7v2Fixtures.parse(text(message)));
        Hl7v2Fixtures.DISPLAYS.fill(bundle);
        return bundle;
    }

    /**
     * Pretty-printed JSON with the generated {@code urn:uuid} fullUrls (and the references to them) renumbered in entry
     * order, {@code urn:uuid:00000000-0000-4000-8000-000000000001} and on. Other UUIDs (a patient identifier system
     * from a UUID assigning authority) are content and stay.
     */
    static String json(Bundle bundle) {
        String json = FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle);
        Map<String, String> renumbered = new LinkedHashMap<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            renumbered.putIfAbsent(entry.getFullUrl(), "urn:uuid:00000000-0000-4000-8000-%012d".formatted(renumbered.size() + 1));
        }
        for (Map.Entry<String, String> fullUrl : renumbered.entrySet()) {
            json = json.replace("\"" + fullUrl.getKey() + "\"", "\"" + fullUrl.getValue() + "\"");
        }
        return json + "\n";
    }
}
