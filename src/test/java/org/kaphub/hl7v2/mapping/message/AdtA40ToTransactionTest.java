package org.kaphub.hl7v2.mapping.message;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.MappingException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.kaphub.hl7v2.Hl7v2Fixtures.MRN;
import static org.kaphub.hl7v2.Hl7v2Fixtures.map;
import static org.kaphub.hl7v2.Hl7v2Fixtures.mapFixture;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parse;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parseFixtureWith;

/** ADT^A40 → survivor Patient upserted, prior Patient patched inactive with a replaced-by link. */
class AdtA40ToTransactionTest {

    private static final String A40 = "adt-a40-merge.hl7";
    private static final String SOUTHCLINIC = "https://kaphub.org/fhir/sid/SOUTHCLINIC";
    private static final String MSH = "MSH|^~\\&|REGADT|SOUTHCLINIC|KAPHUB|KAP|20240310083000-0800||ADT^A40^ADT_A39|C-1|P|2.5.1";

    @Test
    void survivorIsUpsertedAndThePriorPatientPatched() throws MappingException {
        Bundle bundle = mapFixture(A40, "OLDMRN", "OLD-7");

        assertThat(bundle.getEntry()).hasSize(2);
        BundleEntryComponent survivor = bundle.getEntry().get(0);
        assertThat(survivor.getResource()).isInstanceOf(Patient.class);
        assertThat(survivor.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
        assertThat(survivor.getRequest().getUrl()).isEqualTo("Patient?identifier=" + SOUTHCLINIC + "|" + MRN);

        BundleEntryComponent prior = bundle.getEntry().get(1);
        assertThat(prior.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PATCH);
        assertThat(prior.getRequest().getUrl()).isEqualTo("Patient?identifier=" + SOUTHCLINIC + "|OLD-7");
        assertThat(prior.getResource()).isInstanceOf(Parameters.class);
    }

    @Test
    void thePatchSetsActiveFalseAndLinksReplacedByTheSurvivor() throws MappingException {
        Bundle bundle = mapFixture(A40, "OLDMRN", "OLD-7");
        Parameters patch = (Parameters) bundle.getEntry().get(1).getResource();

        List<ParametersParameterComponent> operations = patch.getParameter();
        assertThat(operations).hasSize(2).allMatch(p -> p.getName().equals("operation"));

        ParametersParameterComponent active = operations.get(0);
        assertThat(part(active, "type").getValue().primitiveValue()).isEqualTo("add");
        assertThat(part(active, "path").getValue().primitiveValue()).isEqualTo("Patient");
        assertThat(part(active, "name").getValue().primitiveValue()).isEqualTo("active");
        assertThat(((BooleanType) part(active, "value").getValue()).booleanValue()).isFalse();

        ParametersParameterComponent link = operations.get(1);
        assertThat(part(link, "type").getValue().primitiveValue()).isEqualTo("add");
        assertThat(part(link, "name").getValue().primitiveValue()).isEqualTo("link");
        ParametersParameterComponent value = part(link, "value");
        assertThat(((Reference) part(value, "other").getValue()).getReference()).isEqualTo(bundle.getEntry().get(0).getFullUrl());
        assertThat(part(value, "type").getValue().primitiveValue()).isEqualTo("replaced-by");
    }

    @Test
    void theMrOfMrg1IsThePriorKeyEvenAfterAnotherIdentifier() throws MappingException {
        Bundle bundle = map(parseFixtureWith(A40, "MRG|", "MRG|X-1^^^SOUTHCLINIC^PI~OLD-8^^^SOUTHCLINIC^MR"));

        assertThat(bundle.getEntry().get(1).getRequest().getUrl()).isEqualTo("Patient?identifier=" + SOUTHCLINIC + "|OLD-8");
    }

    @Test
    void twoPidMrgPairsMergeTwoPatients() throws MappingException {
        Bundle bundle = map(parse(MSH, "EVN|A40|20240310083000-0800",
                "PID|1||NEW-1^^^SOUTHCLINIC^MR||A^B", "MRG|OLD-1^^^SOUTHCLINIC^MR",
                "PID|2||NEW-2^^^SOUTHCLINIC^MR||C^D", "MRG|OLD-2^^^SOUTHCLINIC^MR"));

        assertThat(bundle.getEntry()).extracting(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl()).containsExactly(
                "PUT Patient?identifier=" + SOUTHCLINIC + "|NEW-1",
                "PATCH Patient?identifier=" + SOUTHCLINIC + "|OLD-1",
                "PUT Patient?identifier=" + SOUTHCLINIC + "|NEW-2",
                "PATCH Patient?identifier=" + SOUTHCLINIC + "|OLD-2");
        Parameters second = (Parameters) bundle.getEntry().get(3).getResource();
        assertThat(((Reference) part(part(second.getParameter().get(1), "value"), "other").getValue()).getReference())
                .isEqualTo(bundle.getEntry().get(2).getFullUrl());
    }

    @Test
    void a40WithoutMrgFails() {
        MappingException e = mappingError(parseFixtureWith(A40, "MRG|", ""));

        assertThat(e.getErrorCode()).isEqualTo(100);
        assertThat(e.getLocation()).isEqualTo(Locations.segment("MRG", 1));
    }

    @Test
    void aSecondPidWithoutItsMrgFails() {
        MappingException e = mappingError(parse(MSH, "EVN|A40",
                "PID|1||NEW-1^^^SOUTHCLINIC^MR||A^B", "MRG|OLD-1^^^SOUTHCLINIC^MR",
                "PID|2||NEW-2^^^SOUTHCLINIC^MR||C^D"));

        assertThat(e.getErrorCode()).isEqualTo(100);
        assertThat(e.getLocation()).isEqualTo(Locations.segment("MRG", 2));
    }

    @Test
    void emptyMrg1Fails() {
        MappingException e = mappingError(parseFixtureWith(A40, "MRG|", "MRG||ALT-1^^^SOUTHCLINIC"));

        assertThat(e.getErrorCode()).isEqualTo(101);
        assertThat(e.getLocation()).isEqualTo(Locations.field("MRG", 1, 1));
    }

    @Test
    void mrg1WithoutAnyAuthorityAndWithoutSenderFacilityFails() {
        MappingException e = mappingError(parse(
                "MSH|^~\\&|REGADT||KAPHUB|KAP|20240310083000-0800||ADT^A40^ADT_A39|C-1|P|2.5.1", "EVN|A40",
                "PID|1||NEW-1^^^SOUTHCLINIC^MR||A^B", "MRG|OLD-1^^^^MR"));

        assertThat(e.getErrorCode()).isEqualTo(101);
        assertThat(e.getLocation().getSegmentName()).isEqualTo("MRG");
        assertThat(e.getLocation().getField()).isEqualTo(1);
    }

    @Test
    void mrg1WithoutAuthorityIsTheSendingFacilitysNumberLikePid3() throws MappingException {
        Bundle bundle = map(parse(MSH, "EVN|A40", "PID|1||NEW-1^^^^MR||A^B", "MRG|OLD-1^^^^MR"));

        assertThat(bundle.getEntry().get(0).getRequest().getUrl()).isEqualTo("Patient?identifier=" + SOUTHCLINIC + "|NEW-1");
        assertThat(bundle.getEntry().get(1).getRequest().getUrl()).isEqualTo("Patient?identifier=" + SOUTHCLINIC + "|OLD-1");
    }

    private static ParametersParameterComponent part(ParametersParameterComponent parameter, String name) {
        return parameter.getPart().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }

    private static MappingException mappingError(ca.uhn.hl7v2.model.Message message) {
        MappingException e = catchThrowableOfType(() -> map(message), MappingException.class);
        assertThat(e).as("MappingException").isNotNull();
        return e;
    }
}
