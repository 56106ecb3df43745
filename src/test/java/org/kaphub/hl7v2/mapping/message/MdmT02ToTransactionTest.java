package org.kaphub.hl7v2.mapping.message;

import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.MappingException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.kaphub.hl7v2.Hl7v2Fixtures.MRN;
import static org.kaphub.hl7v2.Hl7v2Fixtures.fixture;
import static org.kaphub.hl7v2.Hl7v2Fixtures.map;
import static org.kaphub.hl7v2.Hl7v2Fixtures.mapFixture;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parse;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parseFixtureWith;

/** MDM^T02 → DocumentReference with the OBX text as attachment. */
class MdmT02ToTransactionTest {

    private static final String MDM = "mdm-t02-integration-note.hl7";

    @Test
    void noteBecomesOneConditionalPutKeyedOnTxa12() throws MappingException {
        Bundle bundle = mapFixture(MDM);

        assertThat(bundle.getEntry()).hasSize(2);
        assertThat(bundle.getEntry().get(0).getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
        BundleEntryComponent entry = bundle.getEntry().get(1);
        assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
        assertThat(entry.getRequest().getUrl())
                .isEqualTo("DocumentReference?identifier=https://kaphub.org/fhir/sid/KAPEHR|DOC-" + MRN + "-1");
        assertThat(((DocumentReference) entry.getResource()).getSubject().getReference())
                .isEqualTo(bundle.getEntry().get(0).getFullUrl());
    }

    @Test
    void txaFieldsAndTheTextOfAllObxLinesAreMapped() throws MappingException {
        DocumentReference document = document(mapFixture(MDM));

        assertThat(document.getMasterIdentifier().getSystem()).isEqualTo("https://kaphub.org/fhir/sid/KAPEHR");
        assertThat(document.getMasterIdentifier().getValue()).isEqualTo("DOC-" + MRN + "-1");
        assertThat(document.getStatus()).isEqualTo(Enumerations.DocumentReferenceStatus.CURRENT);
        assertThat(document.getDocStatus()).isEqualTo(DocumentReference.ReferredDocumentStatus.FINAL);
        assertThat(document.getType().getCodingFirstRep().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0270");
        assertThat(document.getType().getCodingFirstRep().getCode()).isEqualTo("PN");
        assertThat(document.getDate()).isEqualTo(new DateTimeType("2024-03-08T16:00:00-08:00").getValue());
        assertThat(document.getAuthorFirstRep().getIdentifier().getSystem()).isEqualTo("urn:oid:2.16.840.1.113883.4.6");
        assertThat(document.getAuthorFirstRep().getIdentifier().getValue()).isEqualTo("5550001");

        assertThat(document.getContent()).hasSize(1);
        Attachment attachment = document.getContentFirstRep().getAttachment();
        assertThat(attachment.getContentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(new String(attachment.getData(), StandardCharsets.UTF_8)).isEqualTo(
                "Integration session 1 after dosing session 3.\n"
                        + "Patient describes the session as meaningful&calm.\n"   // \T\ decoded
                        + "Plan: continue weekly integration.");
    }

    @Test
    void documentTypeKeepsTheSendersWordsAsTextNotAsTheTablesDisplay() throws MappingException {
        String text = fixture(MDM).replace("|PN^Progress note|", "|CN^Consult note|");

        DocumentReference document = document(map(parse(text.split("\n"))));

        assertThat(document.getType().getText()).isEqualTo("Consult note");
        assertThat(document.getType().getCoding()).singleElement().satisfies(coding -> {
            assertThat(coding.getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0270");
            assertThat(coding.getCode()).isEqualTo("CN");
            assertThat(coding.hasDisplay()).as("v2-0270 CN is 'Consultation', not the sender's words").isFalse();
        });
    }

    @ParameterizedTest(name = "TXA-17 {0} → {1}")
    @CsvSource({"AU, final", "LA, final", "DI, preliminary", "IP, preliminary"})
    void docStatusFollowsCompletionStatus(String completion, String docStatus) throws MappingException {
        String text = fixture(MDM).replace("|||||AU\n", "|||||" + completion + "\n");

        assertThat(document(map(parse(text.split("\n")))).getDocStatus().toCode()).isEqualTo(docStatus);
    }

    @Test
    void cancelledAvailabilityIsEnteredInError() throws MappingException {
        String text = fixture(MDM).replace("|||||AU\n", "|||||AU||CA\n");

        assertThat(document(map(parse(text.split("\n")))).getStatus())
                .isEqualTo(Enumerations.DocumentReferenceStatus.ENTEREDINERROR);
    }

    @Test
    void base64EncapsulatedDataBecomesAnAttachmentOfItsMimeType() throws MappingException {
        String pdf = Base64.getEncoder().encodeToString("%PDF-1.4 note".getBytes(StandardCharsets.US_ASCII));
        String text = fixture(MDM).replaceAll("OBX\\|.*\\n", "")
                + "OBX|1|ED|11506-3^Progress note^LN||^application^pdf^Base64^" + pdf + "||||||F\n";

        DocumentReference document = document(map(parse(text.split("\n"))));

        assertThat(document.getContent()).hasSize(1);
        assertThat(document.getContentFirstRep().getAttachment().getContentType()).isEqualTo("application/pdf");
        assertThat(new String(document.getContentFirstRep().getAttachment().getData(), StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-1.4 note");
    }

    /** FT formatting: \.br\ breaks the line; in TX it is not a command and stays as sent. */
    @Test
    void formattedTextLineBreaksBecomeNewLines() throws MappingException {
        String text = fixture(MDM).replaceAll("OBX\\|.*\\n", "")
                + "OBX|1|FT|11506-3^Progress note^LN||Session 2.\\.br\\Plan: weekly.||||||F\n"
                + "OBX|2|TX|11506-3^Progress note^LN||A\\.br\\B||||||F\n";

        DocumentReference document = document(map(parse(text.split("\n"))));

        assertThat(new String(document.getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8))
                .isEqualTo("Session 2.\nPlan: weekly.\nA\\.br\\B");
    }

    @Test
    void mdmWithoutAnyObxHasNoContent() {
        String text = fixture(MDM).replaceAll("OBX\\|.*\\n", "");

        MappingException e = mappingError(parse(text.split("\n")));

        assertThat(e.getErrorCode()).isEqualTo(101);
        assertThat(e.getLocation()).isEqualTo(Locations.segment("OBX", 1));
    }

    @Test
    void mdmWhoseOnlyObxIsEmptyEdHasNoContent() {
        String text = fixture(MDM).replaceAll("OBX\\|.*\\n", "") + "OBX|1|ED|11506-3^Progress note^LN||^application^pdf^Base64^||||||F\n";

        MappingException e = mappingError(parse(text.split("\n")));

        assertThat(e.getErrorCode()).isEqualTo(101);
        assertThat(e.getLocation()).isEqualTo(Locations.field("OBX", 1, 5));
    }

    @Test
    void edDataThatIsNotBase64Fails() {
        String text = fixture(MDM).replaceAll("OBX\\|.*\\n", "") + "OBX|1|ED|11506-3^Progress note^LN||^application^pdf^Base64^@@@not base64@@@||||||F\n";

        MappingException e = mappingError(parse(text.split("\n")));

        assertThat(e.getErrorCode()).isEqualTo(102);
        assertThat(e.getLocation()).isEqualTo(Locations.field("OBX", 1, 5));
    }

    @Test
    void txa12IsRequired() {
        String text = fixture(MDM).replace("|||DOC-" + MRN + "-1^KAPEHR|", "||||");

        MappingException e = mappingError(parse(text.split("\n")));

        assertThat(e.getErrorCode()).isEqualTo(101);
        assertThat(e.getLocation()).isEqualTo(Locations.field("TXA", 1, 12));
    }

    @Test
    void missingTxaIsASegmentError() {
        MappingException e = mappingError(parseFixtureWith(MDM, "TXA|", ""));

        assertThat(e.getErrorCode()).isEqualTo(100);
        assertThat(e.getLocation()).isEqualTo(Locations.segment("TXA", 1));
    }

    private static DocumentReference document(Bundle bundle) {
        return bundle.getEntry().stream().map(BundleEntryComponent::getResource)
                .filter(DocumentReference.class::isInstance).map(DocumentReference.class::cast).findFirst().orElseThrow();
    }

    private static MappingException mappingError(ca.uhn.hl7v2.model.Message message) {
        MappingException e = catchThrowableOfType(() -> map(message), MappingException.class);
        assertThat(e).as("MappingException").isNotNull();
        return e;
    }
}
