package org.kaphub.hl7v2.building;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.hl7v2.model.Message;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kaphub.hl7v2.building.message.MessageBuilders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each builder produces, shown: every {@code src/test/resources/hl7v2/out/<name>-v<version>[-known].json} (a
 * collection Bundle: the resource to send first, then its patient, what travels along (entries with fullUrl {@code urn:kaphub:along}), the version the receiver last got
 * (fullUrl {@code urn:kaphub:previous}) and what it refers to) builds
 * exactly the message in its {@code .hl7} twin, for the test receiver ({@link PatientToAdtTest#receiver}) in that
 * version ({@code v251} = 2.5.1; {@code -known}: the receiver has had the patient). Each golden message also parses
 * strictly in its version. When a builder's output changes on purpose, regenerate and review the diff:
 * <pre>mvn -B -o test -Dtest=BuiltGoldenFilesTest -Dgolden.update=true &amp;&amp; git diff src/test/resources/hl7v2/out</pre>
 */
class BuiltGoldenFilesTest {

    static final Path DIR = Path.of("src/test/resources/hl7v2/out");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final String REGENERATE = "mvn -B -o test -Dtest=BuiltGoldenFilesTest -Dgolden.update=true";
    private static final Pattern NAME = Pattern.compile(".+-v(\\d)(\\d)(\\d?)(-known)?\\.json");
    /** fullUrl of the entry holding the version of the resource the receiver last got ({@link Outbound#previous}). */
    private static final String PREVIOUS = "urn:kaphub:previous";
    private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");

    static List<String> inputs() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void buildsItsGoldenMessage(String input) throws Exception {
        Message built = build(input);
        String actual = RoundTrip.encode(built).replace('\r', '\n');
        Path expected = DIR.resolve(input.replaceAll("\\.json$", ".hl7"));
        if (UPDATE) {
            Files.writeString(expected, actual);
        }
        assertThat(expected).as("%s has no golden message: create it with %s", input, REGENERATE).exists();
        assertThat(actual).as("%s no longer builds %s (if intended: %s, then review the diff)", input,
                expected.getFileName(), REGENERATE).isEqualTo(Files.readString(expected));
        RoundTrip.strictlyParsed(built);
    }

    /** A builder, or a message type added to one, without a golden file fails here. */
    @Test
    void everyMessageTypeOfEveryBuilderHasAGoldenFile() throws Exception {
        Set<String> shown = new TreeSet<>();
        for (String input : inputs()) {
            String er7 = RoundTrip.encode(build(input));
            String[] msh9 = er7.split("\\|", 10)[8].split("\\^");
            shown.add(msh9[0] + "^" + msh9[1]);
        }
        assertThat(shown).as("message types of MessageBuilders.standard() shown in " + DIR)
                .containsAll(MessageBuilders.standard().messageTypes());
    }

    private static Message build(String input) throws Exception {
        Matcher name = NAME.matcher(input);
        assertThat(name.matches()).as("%s is named <what>-v<version>[-known].json", input).isTrue();
        String version = name.group(1) + "." + name.group(2) + (name.group(3).isEmpty() ? "" : "." + name.group(3));
        Bundle bundle = FhirContext.forR4Cached().newJsonParser()
                .parseResource(Bundle.class, Files.readString(DIR.resolve(input)));
        List<Resource> resources = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
        Resource resource = resources.get(0);
        Patient patient = resources.stream().filter(Patient.class::isInstance).map(Patient.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError(input + " has no Patient"));
        List<Resource> along = new ArrayList<>();
        bundle.getEntry().stream().skip(1).filter(e -> "urn:kaphub:along".equals(e.getFullUrl()))
                .forEach(e -> along.add(e.getResource()));
        Resource previous = bundle.getEntry().stream().skip(1).filter(e -> PREVIOUS.equals(e.getFullUrl()))
                .map(Bundle.BundleEntryComponent::getResource).findFirst().orElse(null);
        Outbound outbound = new Outbound(resource, along, patient, name.group(4) != null,
                PatientToAdtTest.receiver(version), "GOLDEN-1", AT, reference -> resources.stream()
                .filter(r -> r != previous && reference.equals(r.fhirType() + "/" + r.getIdElement().getIdPart()))
                .findFirst().map(Resource.class::cast), previous);
        Optional<MessageBuilder> builder = MessageBuilders.standard().find(resource);
        assertThat(builder).as("a builder for the first resource of %s", input).isPresent();
        return builder.get().build(outbound);
    }
}
