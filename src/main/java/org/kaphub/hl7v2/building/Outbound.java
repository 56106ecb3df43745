package org.kaphub.hl7v2.building;

import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a builder turns into one message: the resource the delivery is about, its patient, and how to say it to this
 * receiver.
 *
 * @param resource     the resource the message is about (a builder's {@link MessageBuilder#builds})
 * @param alongWith    resources written with it that travel in the same message (a QuestionnaireResponse's score
 *                     Observation); may be empty
 * @param patient      the patient of the message (PID); for a Patient delivery the resource itself
 * @param patientKnown whether the receiver has had this patient before (ADT^A08 rather than ADT^A04)
 * @param receiver     the receiver's version, applications, facilities, character set and assigning authorities
 * @param controlId    MSH-10: the same for every attempt of one delivery, so the receiver's duplicate check works
 * @param at           MSH-7
 * @param references   reads a resource a reference points at ("Practitioner/12", "MedicationRequest/7") as KAP Hub
 *                     has it now; empty when it is not there (or the receiver may not have it)
 * @param previous     the version of the same resource this receiver last got (the resource of its last delivered
 *                     outbox row for this partner), null when it never got one: an Appointment whose start moved is
 *                     SIU^S13, one the receiver has with the same times S14, a new one S12
 */
public record Outbound(Resource resource,
                       List<Resource> alongWith,
                       Patient patient,
                       boolean patientKnown,
                       Receiver receiver,
                       String controlId,
                       Instant at,
                       Function<String, Optional<Resource>> references,
                       Resource previous) {

    public Outbound {
        Objects.requireNonNull(resource, "resource");
        alongWith = List.copyOf(alongWith);
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(controlId, "controlId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(references, "references");
    }

    /** A delivery whose receiver never got an earlier version of the resource. */
    public Outbound(Resource resource, List<Resource> alongWith, Patient patient, boolean patientKnown,
                    Receiver receiver, String controlId, Instant at, Function<String, Optional<Resource>> references) {
        this(resource, alongWith, patient, patientKnown, receiver, controlId, at, references, null);
    }

    /** The version of this resource the receiver last got, if any. */
    public <T extends Resource> Optional<T> previous(Class<T> type) {
        return Optional.ofNullable(previous).filter(type::isInstance).map(type::cast);
    }

    /** The first resource travelling along of this type. */
    public <T extends Resource> Optional<T> along(Class<T> type) {
        return alongWith.stream().filter(type::isInstance).map(type::cast).findFirst();
    }
}
