package org.kaphub.hl7v2.mapping;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kaphub.profiles.KapGuide;
import org.kaphub.profiles.KapProfiles;
import org.kaphub.profiles.ProfileEnforcement;
import org.kaphub.support.KapIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every resource every golden message maps to passes the server's own validation (the KAP guide as the running server
 * holds it, HAPI's instance validator, the KAP rules) against its KAP profiles: those the server requires for its type
 * ({@link KapProfiles#requiredFor}), those it declares in meta.profile, and the guide's profile of its type when the
 * guide has exactly one (kap-patient); a resource with none of these is validated against the base FHIR R4 type.
 * Errors fail, naming the entry, its profiles, the element and the message; warnings do not.
 */
@KapIntegrationTest
class GoldenProfilesH2IT {

    @Autowired
    ProfileEnforcement enforcement;
    @Autowired
    KapGuide guide;

    static List<String> messages() {
        return GoldenFiles.messages();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void everyResourceItMapsToMeetsItsKapProfile(String message) throws MappingException {
        Bundle bundle = GoldenFiles.bundle(message);
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            errors.addAll(errors(i, bundle.getEntry().get(i).getResource()));
        }
        assertThat(errors).as("%s: validation errors of the resources it maps to", message).isEmpty();
    }

    /** The check above can fail: the same validation refuses a golden MedicationRequest without its requester. */
    @Test
    void refusesAMappedResourceThatBreaksItsProfile() throws MappingException {
        MedicationRequest request = (MedicationRequest) GoldenFiles.bundle("rde-o11-ketamine.hl7").getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource).filter(MedicationRequest.class::isInstance)
                .findFirst().orElseThrow();
        assertThat(errors(1, request)).isEmpty();

        request.setRequester(null);

        assertThat(errors(1, request)).anySatisfy(error -> assertThat(error).contains("MedicationRequest.requester"));
    }

    private List<String> errors(int entry, Resource resource) {
        Set<String> profiles = profiles(resource);
        return enforcement.validate(resource, profiles).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(m -> "entry %d %s %s: %s %s".formatted(entry, resource.fhirType(),
                        profiles.isEmpty() ? "(base R4)" : profiles, m.getLocationString(), m.getMessage()))
                .toList();
    }

    private Set<String> profiles(Resource resource) {
        Set<String> profiles = new LinkedHashSet<>(KapProfiles.requiredFor(resource));
        resource.getMeta().getProfile().forEach(p -> profiles.add(p.getValue()));
        List<String> ofType = guide.conformanceResources().stream()
                .filter(StructureDefinition.class::isInstance).map(StructureDefinition.class::cast)
                .filter(sd -> sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE
                        && sd.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT
                        && sd.getType().equals(resource.fhirType()))
                .map(StructureDefinition::getUrl).toList();
        if (ofType.size() == 1) {
            profiles.add(ofType.get(0));
        }
        return profiles;
    }
}
