package org.kaphub;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module boundaries of src/main, checked on the compiled classes: every package is a module of its own (so a
 * cycle between sub-packages counts), none takes part in a cycle, and the few layering rules below hold. The rules
 * name the modules that are stable; where HL7 v2 listeners and route beans live is not named — they are found by
 * what they use (Camel).
 */
class ModuleBoundariesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.kaphub");

    /** The HL7 v2 edge: listeners, route beans, anything that touches Camel. */
    private static final DescribedPredicate<JavaClass> USES_CAMEL = DescribedPredicate.describe("use Camel",
            type -> type.getDirectDependenciesFromSelf().stream()
                    .anyMatch(dependency -> dependency.getTargetClass().getPackageName().startsWith("org.apache.camel")));

    @Test
    void noPackageTakesPartInACycle() {
        slices().matching("org.kaphub.(**)").namingSlices("$1")
                .should().beFreeOfCycles()
                .check(MAIN);
    }

    @Test
    void vocabularyDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("org.kaphub.vocabulary..")
                .should().dependOnClassesThat(resideInAPackage("org.kaphub..")
                        .and(resideOutsideOfPackage("org.kaphub.vocabulary..")))
                .check(MAIN);
    }

    /** The partner registry is read by everyone and reads no one (besides the vocabulary). */
    @Test
    void partnersDependOnNoOtherModule() {
        noClasses().that().resideInAPackage("org.kaphub.partners..")
                .should().dependOnClassesThat(resideInAPackage("org.kaphub..")
                        .and(resideOutsideOfPackages("org.kaphub.partners..", "org.kaphub.vocabulary..")))
                .check(MAIN);
    }

    /** Mappers are plain functions of a message: no Camel, no Spring, no security, no storage. */
    @Test
    void hl7v2MappingIsPlainCode() {
        noClasses().that().resideInAPackage("org.kaphub.hl7v2.mapping..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "org.springframework..",
                        "org.kaphub.security..", "org.kaphub.ownership..", "org.kaphub.journal..", "org.kaphub.partners..",
                        "org.kaphub.fhir..", "org.kaphub.db..")
                .check(MAIN);
    }

    /** HL7 v2 is an adapter on the FHIR server: the FHIR side never reaches back into it. */
    @Test
    void fhirSideDoesNotDependOnHl7v2() {
        noClasses().that().resideInAnyPackage("org.kaphub.fhir..", "org.kaphub.db..", "org.kaphub.profiles..",
                        "org.kaphub.scoring..", "org.kaphub.rems..", "org.kaphub.audit..", "org.kaphub.security..",
                        "org.kaphub.ownership..", "org.kaphub.journal..", "org.kaphub.partners..",
                        "org.kaphub.vocabulary..")
                .should().dependOnClassesThat().resideInAPackage("org.kaphub.hl7v2..")
                .check(MAIN);
    }

    /**
     * Nothing depends on the edge: the packages holding classes that use Camel (the inbound route's steps, MLLP
     * listeners) are used by Camel and by each other only, wherever they live.
     */
    @Test
    void nothingDependsOnTheCamelEdge() {
        Set<String> edge = MAIN.stream().filter(USES_CAMEL).map(JavaClass::getPackageName).collect(Collectors.toSet());
        assertThat(edge).isNotEmpty();
        DescribedPredicate<JavaClass> inEdge = DescribedPredicate.describe("reside in " + new TreeSet<>(edge),
                type -> edge.contains(type.getPackageName()));
        noClasses().that(resideInAPackage("org.kaphub..").and(DescribedPredicate.not(inEdge)))
                .should().dependOnClassesThat(inEdge)
                .check(MAIN);
    }
}
