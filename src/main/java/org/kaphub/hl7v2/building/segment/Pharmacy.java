package org.kaphub.hl7v2.building.segment;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v28.datatype.CWE;
import ca.uhn.hl7v2.model.v28.datatype.EI;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.hl7v2.building.BuildException;
import org.kaphub.hl7v2.building.Outbound;
import org.kaphub.hl7v2.building.datatype.CodeableConceptToCwe;
import org.kaphub.hl7v2.building.datatype.IdentifierToEi;
import org.kaphub.vocabulary.CodeSystems;

import java.util.List;
import java.util.Optional;

/** What the administration (RAS) and order (RDE) segments share: order numbers, the medication, referenced people. */
final class Pharmacy {

    private static final String PLACER = "PLAC";

    private Pharmacy() {
    }

    /** The resource a literal reference points at, as KAP Hub has it, when it is of {@code type}. */
    static <T extends Resource> Optional<T> resolve(Reference reference, Outbound outbound, Class<T> type) {
        if (reference == null || !reference.hasReference()) {
            return Optional.empty();
        }
        return outbound.references().apply(reference.getReference()).filter(type::isInstance).map(type::cast);
    }

    /** The order number of the MedicationRequest a reference names: its own identifier, else the request's placer number. */
    static Optional<Identifier> placerOfRequest(Reference request, Outbound outbound) {
        if (request == null || request.isEmpty()) {
            return Optional.empty();
        }
        if (request.hasIdentifier() && request.getIdentifier().hasValue()) {
            return Optional.of(request.getIdentifier());
        }
        return resolve(request, outbound, MedicationRequest.class).flatMap(order -> placer(order.getIdentifier()));
    }

    /** The identifier typed PLAC (v2-0203), else the first with a value. */
    static Optional<Identifier> placer(List<Identifier> identifiers) {
        return identifiers.stream().filter(Identifier::hasValue).filter(i -> hasType(i, PLACER)).findFirst()
                .or(() -> identifiers.stream().filter(Identifier::hasValue).findFirst());
    }

    static boolean hasType(Identifier identifier, String v2Type) {
        return identifier.getType().getCoding().stream()
                .anyMatch(c -> CodeSystems.V2_0203.equals(c.getSystem()) && v2Type.equals(c.getCode()));
    }

    /**
     * The resource's own number in an EI: its first identifier with system and value; a resource without one goes by
     * its id in KAP Hub under the namespace of the sending application (MSH-3), which never changes for the resource.
     *
     * @throws BuildException when it has neither (a resource never stored)
     */
    static void ownNumber(EI ei, List<Identifier> identifiers, Resource resource, Outbound outbound)
            throws HL7Exception, BuildException {
        Optional<Identifier> own = identifiers.stream().filter(i -> i.hasSystem() && i.hasValue()).findFirst();
        if (own.isPresent()) {
            IdentifierToEi.fill(ei, own.get(), outbound.receiver());
            return;
        }
        if (!resource.getIdElement().hasIdPart()) {
            throw new BuildException("the " + resource.fhirType() + " has neither an identifier nor an id to number it by");
        }
        ei.getEntityIdentifier().setValue(resource.getIdElement().getIdPart());
        String application = outbound.receiver().sendingApplication();
        if (application != null && !application.isBlank()) {
            ei.getNamespaceID().setValue(application.split("\\^", -1)[0]);
        }
    }

    /**
     * The medication as a CWE: the CodeableConcept, else the code of the referenced Medication.
     *
     * @throws BuildException when neither gives a code or text (the field is required)
     */
    static void medication(CWE cwe, Reference reference, CodeableConcept concept, Outbound outbound)
            throws HL7Exception, BuildException {
        CodeableConcept code = concept != null ? concept
                : resolve(reference, outbound, Medication.class).map(Medication::getCode).orElse(null);
        if (code == null || (code.getCoding().stream().noneMatch(Coding::hasCode) && !code.hasText())) {
            throw new BuildException("the medication has no code or text (or its Medication is not available)");
        }
        CodeableConceptToCwe.fill(cwe, code);
    }
}
