package org.kaphub.rems;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.kaphub.profiles.KapProfiles;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;
import org.kaphub.vocabulary.Loinc;
import org.kaphub.vocabulary.Ucum;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code GET|POST MedicationAdministration/{id}/$rems-report}: the Spravato REMS Patient Monitoring Form for one
 * esketamine session, assembled from what was recorded — the administration (dose, lot, monitoring times, REMS
 * enrolment), its patient, the vital signs recorded as part of it, and the patient's earlier esketamine sessions.
 * Answers {@code Parameters} with {@code form} (a QuestionnaireResponse, completed or in-progress) and
 * {@code issues} (an OperationOutcome naming every item the record could not fill, by linkId). Reads go through
 * the DAOs with the caller's request, so the caller's authorization applies to what is read.
 */
@Component
public class RemsReportProvider {

    private final DaoRegistry daos;

    RemsReportProvider(DaoRegistry daos) {
        this.daos = daos;
    }

    @Operation(name = "$rems-report", type = MedicationAdministration.class, idempotent = true)
    public Parameters remsReport(@IdParam IdType id, RequestDetails request) {
        MedicationAdministration administration = daos.getResourceDao(MedicationAdministration.class).read(id.toUnqualifiedVersionless(), request);
        if (!(administration.getMedication() instanceof CodeableConcept medication) || !KapProfiles.isEsketamine(medication)) {
            throw unprocessable("MedicationAdministration.medication", "The REMS Patient Monitoring Form is for esketamine "
                    + "(Spravato) sessions; this administration's medication is not esketamine (RxNorm 2201623 or 2201625)");
        }
        if (!"Patient".equals(administration.getSubject().getReferenceElement().getResourceType())) {
            throw unprocessable("MedicationAdministration.subject",
                    "The form is filled from the Patient resource; this administration's subject does not reference one");
        }
        RemsForm form = new RemsForm();
        Patient patient = daos.getResourceDao(Patient.class).read(new IdType(administration.getSubject().getReference()), request);
        Optional<Date> start = start(administration);
        fillPatient(form, patient);
        fillEnrolment(form, administration, start, request);
        form.forProvider("concomitant-medications", "Concomitant benzodiazepines, non-benzodiazepine sedative hypnotics, "
                + "psychostimulants and MAOIs are answered on the form by the monitoring provider");
        fillTreatment(form, administration, start, request);
        fillVitals(form, administration, start, request);
        form.forProvider("vitals-acceptable-pre-dose", "Whether vital signs were acceptable is the monitoring provider's judgement");
        form.forProvider("outcomes", "Sedation, dissociation, respiratory depression and other adverse events are answered on the "
                + "form by the monitoring provider");

        QuestionnaireResponse response = form.toResponse();
        response.setSubject(administration.getSubject().copy());
        if (administration.hasContext()) {
            response.setEncounter(administration.getContext().copy());
        }
        response.setAuthoredElement(DateTimeType.now());
        Parameters result = new Parameters();
        result.addParameter().setName("form").setResource(response);
        result.addParameter().setName("issues").setResource(form.gaps());
        return result;
    }

    private static void fillPatient(RemsForm form, Patient patient) {
        if (patient.hasName()) {
            var name = patient.getNameFirstRep();
            form.answer("patient-name", new StringType(name.hasText() ? name.getText()
                    : (name.getGivenAsSingleString() + " " + name.getFamily()).trim()));
        } else {
            form.missing("patient-name", "The patient's name is not recorded (Patient.name)");
        }
        if (patient.hasBirthDate()) {
            form.answer("patient-birth-date", new DateType(patient.getBirthDateElement().getValueAsString()));
        } else {
            form.missing("patient-birth-date", "The patient's date of birth is not recorded (Patient.birthDate)");
        }
        if (patient.hasGender()) {
            form.answer("patient-sex", new Coding(patient.getGender().getSystem(), patient.getGender().toCode(), patient.getGender().getDisplay()));
        } else {
            form.forProvider("patient-sex", "The patient's sex is not recorded (Patient.gender)");
        }
    }

    private void fillEnrolment(RemsForm form, MedicationAdministration administration, Optional<Date> start,
                               RequestDetails request) {
        Extension enrolment = administration.getExtensionByUrl(KapCanonicals.REMS_PATIENT_ENROLLMENT);
        if (enrolment != null && enrolment.getValue() instanceof Identifier identifier && identifier.hasValue()) {
            form.answer("rems-enrolled", new BooleanType(true));
            form.answer("rems-patient-id", new StringType(identifier.getValue()));
        } else {
            form.missing("rems-enrolled", "REMS patient enrolment is not recorded on the administration "
                    + "(extension kap-rems-patient-enrollment); Spravato may only be given to enrolled patients");
        }
        if (start.isPresent()) {
            SearchParameterMap earlier = SearchParameterMap.newSynchronous("subject", new ReferenceParam(administration.getSubject().getReference()));
            boolean first = daos.getResourceDao(MedicationAdministration.class).search(earlier, request).getAllResources().stream()
                    .map(r -> (MedicationAdministration) r)
                    .filter(other -> !other.getIdElement().getIdPart().equals(administration.getIdElement().getIdPart()))
                    .filter(other -> other.getMedication() instanceof CodeableConcept c && KapProfiles.isEsketamine(c))
                    .filter(other -> other.getStatus() != MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR)
                    .map(RemsReportProvider::start)
                    .flatMap(Optional::stream)
                    .noneMatch(d -> d.before(start.get()));
            form.answer("first-treatment", new BooleanType(first));
        }
    }

    private void fillTreatment(RemsForm form, MedicationAdministration administration, Optional<Date> start, RequestDetails request) {
        Optional<Reference> performer = administration.getPerformer().stream().map(p -> p.getActor()).findFirst();
        Optional<String> provider = performer.flatMap(actor -> name(actor, request));
        provider.ifPresentOrElse(p -> form.answer("monitoring-provider", new StringType(p)),
                () -> form.missing("monitoring-provider", "No performer is recorded on the administration (MedicationAdministration.performer)"));
        setting(administration, request).ifPresentOrElse(s -> form.answer("healthcare-setting", new StringType(s)),
                () -> form.forProvider("healthcare-setting", "The certified healthcare setting is not recorded "
                        + "(Encounter.serviceProvider of the administration's context)"));
        start.ifPresentOrElse(d -> form.answer("treatment-date", new DateType(new DateTimeType(d).getValueAsString().substring(0, 10))),
                () -> form.missing("treatment-date", "The administration has no start time (MedicationAdministration.effective)"));

        Quantity dose = administration.getDosage().getDose();
        if (administration.getDosage().hasDose() && dose.hasValue() && Ucum.MILLIGRAM.equals(dose.getCode())) {
            int mg = dose.getValue().intValue();
            if (mg == 56 || mg == 84) {
                form.answer("dose", new Coding(KapCanonicals.REMS_DOSE, mg + "mg", mg + " mg"));
            } else {
                form.answer("dose", new Coding(KapCanonicals.REMS_DOSE, "other", "Other"));
                form.answer("dose-other-mg", new IntegerType(mg));
            }
        } else {
            form.missing("dose", "The dose in mg is not recorded (MedicationAdministration.dosage.dose)");
        }
        String lots = administration.getExtensionsByUrl(KapCanonicals.MEDICATION_LOT).stream()
                .map(e -> e.hasValue() ? e.getValue().primitiveValue() : null).filter(v -> v != null && !v.isBlank()).distinct()
                .collect(Collectors.joining(", "));
        if (lots.isEmpty()) {
            form.missing("lot-number", "The devices' lot number is not recorded (extension kap-medication-lot)");
        } else {
            form.answer("lot-number", new StringType(lots));
        }
        minutes(administration, KapCanonicals.REMS_MONITORING_DURATION).ifPresentOrElse(
                m -> form.answer("monitoring-duration-min", new IntegerType(m)),
                () -> form.missing("monitoring-duration-min", "The monitoring duration is not recorded "
                        + "(extension kap-rems-monitoring-duration; REMS requires at least 120 minutes)"));
        minutes(administration, KapCanonicals.REMS_READY_FOR_DISCHARGE).ifPresentOrElse(
                m -> form.answer("ready-to-leave-min", new IntegerType(m)),
                () -> form.missing("ready-to-leave-min", "When the patient was ready to leave is not recorded "
                        + "(extension kap-rems-ready-for-discharge)"));
    }

    private void fillVitals(RemsForm form, MedicationAdministration administration, Optional<Date> start, RequestDetails request) {
        List<Observation> observations = sessionObservations(administration, request);
        Map<String, Observation> pressures = bloodPressures(observations, start);
        bp(form, "bp-pre-dose", pressures.get("pre-dose"), "before dosing");
        bp(form, "bp-40min", pressures.get("post-dose-40min"), "about 40 minutes after dosing");
        bp(form, "bp-end", pressures.get("end-of-monitoring"), "before the end of monitoring");
        observations.stream()
                .filter(o -> hasCode(o, Loinc.OXYGEN_SATURATION) || hasCode(o, Loinc.PULSE_OXIMETRY))
                .filter(o -> o.getValue() instanceof Quantity q && q.hasValue())
                .map(o -> ((Quantity) o.getValue()).getValue())
                .min(Comparator.naturalOrder())
                .ifPresentOrElse(v -> form.answer("spo2-lowest", new IntegerType(v.intValue())),
                        () -> form.missing("spo2-lowest", "No oxygen saturation (LOINC 2708-6 / 59408-5) is recorded for the session"));
    }

    private static void bp(RemsForm form, String linkId, Observation bp, String when) {
        Optional<BigDecimal> systolic = component(bp, Loinc.SYSTOLIC_BLOOD_PRESSURE);
        Optional<BigDecimal> diastolic = component(bp, Loinc.DIASTOLIC_BLOOD_PRESSURE);
        if (systolic.isPresent() && diastolic.isPresent()) {
            form.answer(linkId + "-systolic", new IntegerType(systolic.get().intValue()));
            form.answer(linkId + "-diastolic", new IntegerType(diastolic.get().intValue()));
        } else {
            form.missing(linkId, "No blood pressure (LOINC 85354-9 with systolic and diastolic) is recorded " + when);
        }
    }

    /** Blood pressures by dosing time point: as the KAP extension states it, else by time from the start of dosing. */
    static Map<String, Observation> bloodPressures(List<Observation> observations, Optional<Date> start) {
        Map<String, Observation> byTimepoint = new LinkedHashMap<>();
        List<Observation> unlabelled = new ArrayList<>();
        for (Observation o : observations) {
            if (!hasCode(o, Loinc.BLOOD_PRESSURE_PANEL)) {
                continue;
            }
            Extension timepoint = o.getExtensionByUrl(KapCanonicals.DOSING_TIMEPOINT);
            if (timepoint != null && timepoint.getValue() instanceof CodeableConcept c && c.hasCoding()) {
                byTimepoint.putIfAbsent(c.getCodingFirstRep().getCode(), o);
            } else {
                unlabelled.add(o);
            }
        }
        if (start.isPresent()) {
            long t0 = start.get().getTime();
            for (Observation o : unlabelled) {
                Optional<Date> at = effective(o);
                if (at.isEmpty()) {
                    continue;
                }
                long minutes = (at.get().getTime() - t0) / 60_000;
                if (minutes < 0) {
                    byTimepoint.putIfAbsent("pre-dose", o);
                } else if (minutes >= 30 && minutes <= 50) {
                    byTimepoint.putIfAbsent("post-dose-40min", o);
                } else if (minutes > 50) {
                    Observation latest = byTimepoint.get("end-of-monitoring");
                    if (latest == null || effective(latest).map(d -> d.before(at.get())).orElse(true)) {
                        byTimepoint.put("end-of-monitoring", o);
                    }
                }
            }
        }
        return byTimepoint;
    }

    private UnprocessableEntityException unprocessable(String expression, String text) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.BUSINESSRULE)
                .setDiagnostics(text).addExpression(expression);
        return new UnprocessableEntityException(daos.getSystemDao().getContext(), outcome);
    }

    private List<Observation> sessionObservations(MedicationAdministration administration, RequestDetails request) {
        String self = "MedicationAdministration/" + administration.getIdElement().getIdPart();
        Map<String, Observation> found = new LinkedHashMap<>();
        search(SearchParameterMap.newSynchronous("part-of", new ReferenceParam(self)), request).forEach(o -> found.put(o.getIdElement().getIdPart(), o));
        if (administration.getContext().hasReference()) {
            search(SearchParameterMap.newSynchronous("encounter", new ReferenceParam(administration.getContext().getReference())), request)
                    .forEach(o -> found.putIfAbsent(o.getIdElement().getIdPart(), o));
        }
        return new ArrayList<>(found.values());
    }

    private List<Observation> search(SearchParameterMap map, RequestDetails request) {
        return daos.getResourceDao(Observation.class).search(map, request).getAllResources().stream()
                .map(r -> (Observation) r)
                .filter(o -> o.getStatus() != Observation.ObservationStatus.ENTEREDINERROR && o.getStatus() != Observation.ObservationStatus.CANCELLED)
                .toList();
    }

    private Optional<String> name(Reference actor, RequestDetails request) {
        if (actor.hasReference() && actor.getReference().startsWith("Practitioner/")) {
            Practitioner practitioner = daos.getResourceDao(Practitioner.class).read(new IdType(actor.getReference()), request);
            if (practitioner.hasName()) {
                var name = practitioner.getNameFirstRep();
                return Optional.of(name.hasText() ? name.getText() : (name.getGivenAsSingleString() + " " + name.getFamily()).trim());
            }
        }
        return actor.hasDisplay() ? Optional.of(actor.getDisplay()) : Optional.empty();
    }

    private Optional<String> setting(MedicationAdministration administration, RequestDetails request) {
        if (!administration.getContext().hasReference() || !administration.getContext().getReference().startsWith("Encounter/")) {
            return Optional.empty();
        }
        Encounter encounter = daos.getResourceDao(Encounter.class).read(new IdType(administration.getContext().getReference()), request);
        Reference provider = encounter.getServiceProvider();
        if (provider.hasReference() && provider.getReference().startsWith("Organization/")) {
            Organization organization = daos.getResourceDao(Organization.class).read(new IdType(provider.getReference()), request);
            if (organization.hasName()) {
                return Optional.of(organization.getName());
            }
        }
        return provider.hasDisplay() ? Optional.of(provider.getDisplay()) : Optional.empty();
    }

    private static Optional<Integer> minutes(MedicationAdministration administration, String extension) {
        Extension e = administration.getExtensionByUrl(extension);
        if (e != null && e.getValue() instanceof Duration d && d.hasValue() && "min".equals(d.getCode())) {
            return Optional.of(d.getValue().intValue());
        }
        return Optional.empty();
    }

    private static Optional<BigDecimal> component(Observation bp, String code) {
        if (bp == null) {
            return Optional.empty();
        }
        return bp.getComponent().stream()
                .filter(c -> c.getCode().getCoding().stream().anyMatch(x -> CodeSystems.LOINC.equals(x.getSystem()) && code.equals(x.getCode())))
                .filter(c -> c.getValue() instanceof Quantity q && q.hasValue())
                .map(c -> ((Quantity) c.getValue()).getValue())
                .findFirst();
    }

    private static boolean hasCode(Observation o, String code) {
        return o.getCode().getCoding().stream().anyMatch(c -> CodeSystems.LOINC.equals(c.getSystem()) && code.equals(c.getCode()));
    }

    static Optional<Date> start(MedicationAdministration administration) {
        if (administration.getEffective() instanceof Period p && p.hasStart()) {
            return Optional.of(p.getStart());
        }
        if (administration.getEffective() instanceof DateTimeType d && d.hasValue()) {
            return Optional.of(d.getValue());
        }
        return Optional.empty();
    }

    private static Optional<Date> effective(Observation o) {
        if (o.getEffective() instanceof DateTimeType d && d.hasValue()) {
            return Optional.of(d.getValue());
        }
        if (o.getEffective() instanceof Period p && p.hasStart()) {
            return Optional.of(p.getStart());
        }
        return Optional.empty();
    }
}
