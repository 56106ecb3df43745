// KAP MedicationAdministration: one dosing session's medication.
// Minimal valid record (requirement from partners): status, medication, subject,
// effectivePeriod, route, dose — and rate when the route is IV. Everything else is MS only.
Profile: KAPMedicationAdministration
Parent: MedicationAdministration
Id: kap-medicationadministration
Title: "KAP MedicationAdministration"
Description: "Ketamine given in a KAP dosing session (IV, IM, sublingual or oral). Requires status, medication, patient, effective period (with start), route and dose (mg or mg/kg, UCUM); an IV administration also requires its rate. Lot, performer, encounter, order and session number are must-support."
* ^status = #draft
* obeys kap-mad-1 and kap-mad-3
* extension contains
    KAPSessionNumber named sessionNumber 0..1 MS and
    KAPMedicationLot named lotNumber 0..* MS
* identifier MS
* partOf MS
* status MS
* statusReason MS
* medication[x] MS
* medication[x] from KAPMedications (extensible)
* subject only Reference(KAPPatient)
* subject MS
* context MS
* context only Reference(Encounter)
* context ^short = "The dosing-session Encounter"
// A session has a start and an end; an IM or sublingual dose may use start = end.
* effective[x] only Period
* effective[x] MS
* effectivePeriod.start 1..1 MS
* effectivePeriod.end MS
* performer MS
* performer.function MS
* performer.actor MS
* reasonCode MS
* reasonReference MS
* request MS
* request only Reference(KAPMedicationRequest)
* device MS
* note MS
* dosage 1..1 MS
* dosage.extension contains KAPDosePerBodyWeight named dosePerBodyWeight 0..1 MS
* dosage.text MS
// Route is required with a required binding, so the IV rule (kap-mad-1) cannot be dodged
// with an unknown route code; the set holds both SNOMED CT and HL7 v2 table 0162 codes.
* dosage.route 1..1 MS
* dosage.route from KAPAdministrationRoutes (required)
* dosage.dose 1..1 MS
* dosage.dose obeys kap-mad-2
* dosage.dose.value 1..1 MS
* dosage.dose.unit MS
* dosage.dose.system 1..1 MS
* dosage.dose.code 1..1 MS
* dosage.rate[x] MS
* dosage.rate[x] ^short = "Infusion rate (required for IV), e.g. mg/min"

Invariant: kap-mad-1
Description: "An intravenous administration (SNOMED CT 47625008 or v2-0162 IV) records its infusion rate (dosage.rate[x])."
Severity: #error
Expression: "dosage.route.coding.where((system = 'http://snomed.info/sct' and code = '47625008') or (system = 'http://terminology.hl7.org/CodeSystem/v2-0162' and code = 'IV')).exists() implies dosage.rate.exists()"

Invariant: kap-mad-2
Description: "The dose is a UCUM quantity in mg or mg/kg."
Severity: #error
Expression: "system = 'http://unitsofmeasure.org' and (code = 'mg' or code = 'mg/kg')"

// Not an error: a clinic may have reasons, but an IV dose above 1 mg/kg is in the anaesthetic
// range (label 1–4.5 mg/kg) and far above the research standard of 0.5 mg/kg over 40 min.
Invariant: kap-mad-3
Description: "Warning: intravenous ketamine above 1 mg/kg is an anaesthetic-range dose (KAP research standard 0.5 mg/kg over 40 min)."
Severity: #warning
Expression: "dosage.route.coding.where((system = 'http://snomed.info/sct' and code = '47625008') or (system = 'http://terminology.hl7.org/CodeSystem/v2-0162' and code = 'IV')).exists() implies (dosage.dose.where(code = 'mg/kg' and value > 1).empty() and dosage.extension('https://fhir.kaphub.org/StructureDefinition/kap-dose-per-body-weight').value.where(value > 1).empty())"

// Esketamine (Spravato) variant: nasal route, 28/56/84 mg per session, REMS fields.
Profile: KAPEsketamineAdministration
Parent: KAPMedicationAdministration
Id: kap-esketamine-administration
Title: "KAP Esketamine Administration"
Description: "Esketamine nasal spray (Spravato) given under the Spravato REMS: nasal route, dose 28, 56 or 84 mg (one 28 mg device, or 2 or 3 devices 5 minutes apart). REMS enrollment id, monitoring duration, time ready for discharge and lot numbers are must-support. effectivePeriod spans first to last device; the monitoring period is in kap-rems-monitoring-duration."
* ^status = #draft
* obeys kap-esk-2
* extension contains
    KAPRemsPatientEnrollment named remsEnrollment 0..1 MS and
    KAPRemsMonitoringDuration named monitoringDuration 0..1 MS and
    KAPRemsReadyForDischarge named readyForDischarge 0..1 MS
* medication[x] from KAPEsketamineMedications (extensible)
* dosage.route from KAPNasalRoutes (required)
* dosage.dose obeys kap-esk-1
* performer ^short = "The healthcare provider who monitored the patient (REMS form: monitoring provider)"

Invariant: kap-esk-1
Description: "An esketamine session dose is 28, 56 or 84 mg (1, 2 or 3 devices of 28 mg)."
Severity: #error
Expression: "code = 'mg' and (value = 28 or value = 56 or value = 84)"

Invariant: kap-esk-2
Description: "Warning: Spravato REMS requires monitoring for at least 2 hours (120 min) after the first device."
Severity: #warning
Expression: "extension('https://fhir.kaphub.org/StructureDefinition/kap-rems-monitoring-duration').value.where(value < 120).empty()"
