// Minimal records as partners send them: only what the profiles require. These must stay valid
// (requirement: must-support is not cardinality).

Instance: kap-example-minimal-iv-admin
InstanceOf: KAPMedicationAdministration
Usage: #example
Title: "Minimal IV ketamine administration"
Description: "Only status, medication, subject, effectivePeriod, route, dose and (because IV) rate."
* status = #completed
* medicationCodeableConcept = $rxnorm#6130 "ketamine"
* subject = Reference(kap-example-patient)
* effectivePeriod.start = "2025-01-13T10:00:00-05:00"
* effectivePeriod.end = "2025-01-13T10:40:00-05:00"
* dosage.route = $v2-0162#IV "Intravenous"
* dosage.dose = 35 'mg' "mg"
* dosage.rateQuantity = 0.875 'mg/min' "mg/min"

Instance: kap-example-minimal-im-admin
InstanceOf: KAPMedicationAdministration
Usage: #example
Title: "Minimal IM ketamine administration"
Description: "Intramuscular, weight-based dose in mg/kg; no rate needed."
* status = #completed
* medicationCodeableConcept = $rxnorm#6130 "ketamine"
* subject = Reference(kap-example-patient)
* effectivePeriod.start = "2025-01-16T10:00:00-05:00"
* dosage.route = $sct#78421000 "Intramuscular route"
* dosage.dose = 0.75 'mg/kg' "mg/kg"

Instance: kap-example-minimal-score
InstanceOf: KAPScoreObservation
Usage: #example
Title: "Minimal PHQ-9 score"
Description: "A PHQ-9 total as sent by an HL7 v2 partner (OBX-3 44261-6^LN, OBX-2 NM): code, patient, time, value."
* status = #final
* code = $loinc#44261-6
* subject = Reference(kap-example-patient)
* effectiveDateTime = "2025-01-06"
* valueQuantity = 22 '{score}' "{score}"
