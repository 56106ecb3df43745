package org.kaphub.hl7v2;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v28.segment.PID;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Questionnaire;
import org.kaphub.hl7v2.mapping.IdentifierSystems;
import org.kaphub.hl7v2.mapping.CodeDisplays;
import org.kaphub.hl7v2.mapping.Instruments;
import org.kaphub.hl7v2.mapping.MappingContext;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.MessageMapper;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.message.MessageMappers;
import org.kaphub.profiles.KapGuide;

import java.time.ZoneId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Shared by the hl7v2 tests: one parser, the fixtures in src/test/resources/hl7v2/in, minimal inline messages. */
public final class Hl7v2Fixtures {

    public static final Hl7v2Parser PARSER = new Hl7v2Parser();
    public static final String FALLBACK_BASE = "https://kaphub.org/fhir/sid/";
    public static final String US_SSN = "http://hl7.org/fhir/sid/us-ssn";
    public static final IdentifierSystems SYSTEMS = new IdentifierSystems(FALLBACK_BASE, Map.of("SSA", US_SSN));
    /** The senders' zone of the tests (a fixed one: the tests must not depend on the machine's zone). */
    public static final ZoneId ZONE = ZoneId.of("America/Los_Angeles");
    /** The mapping collaborators as the server builds them: identifier systems, the KAP guide's Questionnaires, a zone. */
    public static final MappingContext CONTEXT = new MappingContext(SYSTEMS, new Instruments(
            KapGuide.load(FhirContext.forR4Cached()).conformanceResources().stream()
                    .filter(Questionnaire.class::isInstance).map(Questionnaire.class::cast).toList()), ZONE);
    public static final MessageMappers MAPPERS = MessageMappers.standard();
    /** Code systems' displays as the server gives them, from HAPI's validation support for the FHIR core package. */
    public static final CodeDisplays DISPLAYS = new CodeDisplays(FhirContext.forR4Cached(), new ValidationSupportChain(
            new DefaultProfileValidationSupport(FhirContext.forR4Cached()),
            new InMemoryTerminologyServerValidationSupport(FhirContext.forR4Cached()),
            new CommonCodeSystemsTerminologyService(FhirContext.forR4Cached())));

    /** Default {{MRN}} and {{CTRL}} of the fixtures. */
    public static final String MRN = "MRN-1001";
    public static final String CTRL = "CTRL-1";

    private static final String MSH = "MSH|^~\\&|SENDAPP|SENDFAC|KAPHUB|KAP|20240101120000||ADT^A04^ADT_A01|CTRL-1|P|2.5.1";

    private Hl7v2Fixtures() {
    }

    /** Maps a message with the mapper registered for its MSH-9, as the inbound route does. */
    public static Bundle map(Message message) throws MappingException {
        V2Message v2 = V2Message.of(message, CONTEXT.defaultZone());
        String[] type = v2.messageType().split("\\^");
        MessageMapper mapper = MAPPERS.find(type[0], type[1])
                .orElseThrow(() -> new IllegalArgumentException("No mapper for " + v2.messageType()));
        return mapper.map(v2, CONTEXT);
    }

    /** A fixture from src/test/resources/hl7v2/in as text (LF line ends; the parser normalises them). */
    public static String read(String name) {
        try (InputStream in = Hl7v2Fixtures.class.getClassLoader().getResourceAsStream("hl7v2/in/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Message parseFixture(String name) {
        return parse(read(name));
    }

    /**
     * A fixture with its {@code {{KEY}}} placeholders filled: {@code placeholders} are key/value pairs
     * ("MRN", "M-1", "EVENT", "S12" …); MRN and CTRL default to {@value #MRN} and {@value #CTRL}.
     */
    public static String fixture(String name, String... placeholders) {
        if (placeholders.length % 2 != 0) {
            throw new IllegalArgumentException("placeholders come in key/value pairs");
        }
        String text = read(name);
        for (int i = 0; i < placeholders.length; i += 2) {
            text = text.replace("{{" + placeholders[i] + "}}", placeholders[i + 1]);
        }
        return text.replace("{{MRN}}", MRN).replace("{{CTRL}}", CTRL);
    }

    /** {@link #fixture} parsed. */
    public static Message parseFixture(String name, String... placeholders) {
        return parse(fixture(name, placeholders));
    }

    /** The fixture with {@code replaced} (a whole segment line, matched by its start) swapped for {@code segment}. */
    public static Message parseFixtureWith(String name, String segmentStart, String segment, String... placeholders) {
        String[] lines = fixture(name, placeholders).split("\n");
        boolean found = false;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(segmentStart)) {
                lines[i] = segment;
                found = true;
                break;
            }
        }
        if (!found) {
            throw new IllegalArgumentException(name + " has no segment starting " + segmentStart);
        }
        return parse(java.util.Arrays.stream(lines).filter(l -> !l.isEmpty()).toArray(String[]::new));
    }

    /** Maps a fixture with its placeholders filled. */
    public static Bundle mapFixture(String name, String... placeholders) throws MappingException {
        return map(parseFixture(name, placeholders));
    }

    /** Segments joined with the standard CR separator. */
    public static Message parse(String... segments) {
        try {
            return PARSER.parse(String.join("\r", segments));
        } catch (HL7Exception e) {
            throw new IllegalArgumentException("Test message does not parse", e);
        }
    }

    /** An ADT^A04 v2.5.1 around the given PID segment text. */
    public static Message adtWithPid(String pidSegment) {
        return parse(MSH, "EVN|A04|20240101120000", pidSegment, "PV1|1|O");
    }

    public static PID pid(String pidSegment) {
        try {
            return (PID) adtWithPid(pidSegment).get("PID");
        } catch (HL7Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
