// KAP extensions. Each carries one fact that base FHIR R4 has no element for.

Extension: KAPTreatmentResistant
Id: kap-treatment-resistant
Title: "KAP Treatment-Resistant Flag"
Description: "The condition is treatment-resistant (e.g. treatment-resistant depression: inadequate response to at least two adequate antidepressant trials). ICD-10-CM has no TRD code, so the F32/F33 diagnosis is coded and this flag set."
Context: Condition
* value[x] only boolean
* valueBoolean 1..1

Extension: KAPTreatmentPhaseExt
Id: kap-treatment-phase
Title: "KAP Treatment Phase"
Description: "The phase of a KAP course: on CarePlan.activity, the phase the activity belongs to; on a CarePlan, the phase the course is currently in (or the phase of a child phase plan). An extension because CarePlan.activity.detail cannot be used together with activity.reference (cpl-3)."
Context: CarePlan, CarePlan.activity, Appointment, Encounter
* value[x] only CodeableConcept
* valueCodeableConcept 1..1
* valueCodeableConcept from KAPTreatmentPhases (required)

Extension: KAPSessionNumber
Id: kap-session-number
Title: "KAP Session Number"
Description: "Sequence number of the session within its phase of the course (dosing session 1, 2, ...)."
Context: MedicationAdministration, Encounter, Appointment
* value[x] only positiveInt
* valuePositiveInt 1..1

Extension: KAPMedicationLot
Id: kap-medication-lot
Title: "KAP Medication Lot Number"
Description: "Lot number of the product administered (REMS form field 'lot'). Repeats when several devices or vials of different lots were used. Alternative: medicationReference to a Medication with batch.lotNumber."
Context: MedicationAdministration
* value[x] only string
* valueString 1..1

Extension: KAPDosePerBodyWeight
Id: kap-dose-per-body-weight
Title: "KAP Dose per Body Weight"
Description: "Weight-based dose (mg/kg) behind an administered dose recorded in mg, e.g. 0.5 mg/kg IV over 40 minutes."
Context: MedicationAdministration.dosage
* value[x] only Quantity
* valueQuantity 1..1
* valueQuantity.value 1..1
* valueQuantity.system 1..1
* valueQuantity.system = $ucum (exactly)
* valueQuantity.code 1..1
* valueQuantity.code = #mg/kg (exactly)

Extension: KAPRemsPatientEnrollment
Id: kap-rems-patient-enrollment
Title: "KAP Spravato REMS Patient Enrollment"
Description: "The patient's Spravato REMS enrollment identifier. Patients must be enrolled before their first esketamine treatment."
Context: MedicationAdministration, Patient
* value[x] only Identifier
* valueIdentifier 1..1
* valueIdentifier.value 1..1

Extension: KAPRemsMonitoringDuration
Id: kap-rems-monitoring-duration
Title: "KAP REMS Monitoring Duration"
Description: "Total time from the first device to the end of post-dose monitoring, in minutes (REMS: at least 2 hours and until sedation, dissociation and respiratory depression have resolved)."
Context: MedicationAdministration
* value[x] only Duration
* valueDuration 1..1
* valueDuration.value 1..1
* valueDuration.system = $ucum (exactly)
* valueDuration.code = #min (exactly)

Extension: KAPRemsReadyForDischarge
Id: kap-rems-ready-for-discharge
Title: "KAP REMS Ready for Discharge"
Description: "Minutes after the first device at which the patient could have left (REMS form)."
Context: MedicationAdministration
* value[x] only Duration
* valueDuration 1..1
* valueDuration.value 1..1
* valueDuration.system = $ucum (exactly)
* valueDuration.code = #min (exactly)

Extension: KAPDosingTimepointExt
Id: kap-dosing-timepoint
Title: "KAP Dosing Timepoint"
Description: "When, relative to the dose, a dosing-session vital sign was taken (pre-dose, about 40 minutes, end of monitoring)."
Context: Observation
* value[x] only CodeableConcept
* valueCodeableConcept 1..1
* valueCodeableConcept from KAPDosingTimepoints (required)

Extension: KAPScoreBand
Id: kap-score-band
Title: "KAP Score Band"
Description: "A score band on the total-score item of a Questionnaire: total scores from low to high (inclusive) are interpreted as the given band. Lets a server derive Observation.interpretation from data, not code."
Context: Questionnaire.item
* extension contains
    low 1..1 and
    high 1..1 and
    interpretation 1..1 and
    sex 0..1
* extension[low] ^short = "Lowest total score in the band (inclusive)"
* extension[low].value[x] only integer
* extension[high] ^short = "Highest total score in the band (inclusive)"
* extension[high].value[x] only integer
* extension[interpretation] ^short = "Band (Observation.interpretation)"
* extension[interpretation].value[x] only Coding
* extension[interpretation].valueCoding from KAPScoreInterpretations (required)
* extension[sex] ^short = "Band applies only to this administrative sex (e.g. AUDIT-C thresholds)"
* extension[sex].value[x] only code
* extension[sex].valueCode from http://hl7.org/fhir/ValueSet/administrative-gender (required)
