package org.kaphub.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationOptions;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reusing validator must say exactly what HAPI's own says, resource after resource, on one reused core validator:
 * a validator that kept anything of an earlier run (a message, a cached profile, an error state) would differ.
 */
class ReusingInstanceValidatorTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static FhirValidator hapi;
    private static FhirValidator reusing;
    private static KapGuide guide;

    @BeforeAll
    static void validators() {
        guide = KapGuide.load(FHIR);
        PrePopulatedValidationSupport kap = new PrePopulatedValidationSupport(FHIR);
        guide.conformanceResources().forEach(kap::addResource);
        ValidationSupportChain support = new ValidationSupportChain(new DefaultProfileValidationSupport(FHIR), kap,
                new CommonCodeSystemsTerminologyService(FHIR), new InMemoryTerminologyServerValidationSupport(FHIR),
                new SnapshotGeneratingValidationSupport(FHIR));
        hapi = FHIR.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
        // one pooled validator: every resource below is validated by the same core validator
        reusing = FHIR.newValidator().registerValidatorModule(new ReusingInstanceValidator(support, 1));
    }

    @Test
    void sameMessagesAsHapisValidatorForValidAndInvalidResourcesInTurn() throws IOException {
        List<IBaseResource> examples = guide.examples().stream()
                .filter(r -> !KapProfiles.requiredFor(r).isEmpty()).limit(8).toList();
        List<IBaseResource> invalid = invalidCases();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(4);
        assertThat(invalid).hasSizeGreaterThanOrEqualTo(10);

        List<IBaseResource> interleaved = new ArrayList<>();
        for (int i = 0; i < Math.max(examples.size(), invalid.size()); i++) {
            if (i < invalid.size()) {
                interleaved.add(invalid.get(i));
            }
            if (i < examples.size()) {
                interleaved.add(examples.get(i));
            }
        }
        for (IBaseResource resource : interleaved) {
            List<String> expected = messages(hapi, resource);
            assertThat(messages(reusing, resource)).as(resource.getIdElement().getIdPart()).isEqualTo(expected);
        }
        // and the comparison is not vacuous: the invalid cases fail, the examples pass
        for (IBaseResource resource : invalid) {
            assertThat(errors(messages(reusing, resource))).as(resource.getIdElement().getIdPart()).isNotEmpty();
        }
        for (IBaseResource resource : examples) {
            assertThat(errors(messages(reusing, resource))).as(resource.getIdElement().getIdPart()).isEmpty();
        }
    }

    @Test
    void retiresAValidatorAfterItsUsesAndStillValidates() {
        IBaseResource example = guide.examples().stream().filter(r -> !KapProfiles.requiredFor(r).isEmpty()).findFirst().orElseThrow();
        List<String> expected = messages(hapi, example);
        for (int i = 0; i <= ReusingInstanceValidator.USES; i++) {
            assertThat(messages(reusing, example)).isEqualTo(expected);
        }
    }

    private static List<String> messages(FhirValidator validator, IBaseResource resource) {
        ValidationOptions options = new ValidationOptions();
        KapProfiles.requiredFor(resource).forEach(options::addProfile);
        return validator.validateWithResult(resource, options).getMessages().stream()
                .map(m -> m.getSeverity() + " " + m.getLocationString() + " " + m.getMessage())
                .sorted()
                .toList();
    }

    private static List<String> errors(List<String> messages) {
        return messages.stream().filter(m -> m.startsWith(ResultSeverityEnum.ERROR.name())
                || m.startsWith(ResultSeverityEnum.FATAL.name())).toList();
    }

    private static List<IBaseResource> invalidCases() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("fhir-profiles/test-cases/invalid"))) {
            List<IBaseResource> cases = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                cases.add(FHIR.newJsonParser().parseResource(Files.readString(file)));
            }
            return cases;
        }
    }
}
