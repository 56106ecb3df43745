// Rule sets shared by the examples. All example ids start with kap-example- so references
// resolve inside the package. Times are US Eastern (-05:00).

RuleSet: VitalCategory
* category[VSCat] = $obs-category#vital-signs "Vital Signs"

// Common part of every dosing-session vital sign of the ketamine course (patient kap-example-patient).
RuleSet: CourseVital(n, time, timepoint)
* status = #final
* insert VitalCategory
* subject = Reference(kap-example-patient)
* encounter = Reference(kap-example-enc-dosing-{n})
* partOf = Reference(kap-example-ketamine-admin-{n})
* effectiveDateTime = "{time}"
* performer = Reference(kap-example-nurse)
* extension[dosingTimepoint].valueCodeableConcept = KAPDosingTimepoint#{timepoint}

RuleSet: BloodPressureValues(sys, dia)
* code = $loinc#85354-9 "Blood pressure panel with all children optional"
* component[SystolicBP].code = $loinc#8480-6 "Systolic blood pressure"
* component[SystolicBP].valueQuantity = {sys} 'mm[Hg]' "mmHg"
* component[DiastolicBP].code = $loinc#8462-4 "Diastolic blood pressure"
* component[DiastolicBP].valueQuantity = {dia} 'mm[Hg]' "mmHg"

RuleSet: HeartRateValue(bpm)
* code = $loinc#8867-4 "Heart rate"
* valueQuantity = {bpm} '/min' "beats/minute"

RuleSet: OxygenSaturationValue(pct)
* code.coding[OxygenSatCode] = $loinc#2708-6 "Oxygen saturation in Arterial blood"
* code.coding[PulseOxCode] = $loinc#59408-5 "Oxygen saturation in Arterial blood by Pulse oximetry"
* valueQuantity = {pct} '%' "%"

RuleSet: RespiratoryRateValue(rpm)
* code = $loinc#9279-1 "Respiratory rate"
* valueQuantity = {rpm} '/min' "breaths/minute"

// One IV ketamine session: 0.5 mg/kg (patient 70 kg → 35 mg) over 40 minutes = 0.875 mg/min.
RuleSet: KetamineIVSession(n, day, lot)
* status = #completed
* medicationCodeableConcept = $rxnorm#6130 "ketamine"
* medicationCodeableConcept.text = "Ketamine hydrochloride injection"
* subject = Reference(kap-example-patient)
* context = Reference(kap-example-enc-dosing-{n})
* effectivePeriod.start = "{day}T10:00:00-05:00"
* effectivePeriod.end = "{day}T10:40:00-05:00"
* performer.actor = Reference(kap-example-nurse)
* request = Reference(kap-example-medreq-ketamine)
* reasonReference = Reference(kap-example-condition-mdd)
* extension[sessionNumber].valuePositiveInt = {n}
* extension[lotNumber].valueString = "{lot}"
* dosage.text = "0.5 mg/kg IV over 40 minutes"
* dosage.route = $sct#47625008 "Intravenous route"
* dosage.dose = 35 'mg' "mg"
* dosage.rateQuantity = 0.875 'mg/min' "mg/min"
* dosage.extension[dosePerBodyWeight].valueQuantity = 0.5 'mg/kg' "mg/kg"

// Encounter of the ketamine course.
RuleSet: CourseEncounter(kind, display, start, end, phase)
* status = #finished
* class = http://terminology.hl7.org/CodeSystem/v3-ActCode#AMB "ambulatory"
* type = KAPActivityKind#{kind} "{display}"
* subject = Reference(kap-example-patient)
* period.start = "{start}"
* period.end = "{end}"
* serviceProvider = Reference(kap-example-clinic)
* extension[0].url = "https://fhir.kaphub.org/StructureDefinition/kap-treatment-phase"
* extension[0].valueCodeableConcept = KAPTreatmentPhase#{phase}

RuleSet: ScoreObservation(code, display, patient, time, qr, total, band)
* status = #final
* category = $obs-category#survey "Survey"
* code = $loinc#{code}
* code.text = "{display}"
* subject = Reference({patient})
* effectiveDateTime = "{time}"
* valueQuantity = {total} '{score}' "{score}"
* interpretation = KAPScoreInterpretation#{band}
* derivedFrom = Reference({qr})
* performer = Reference({patient})
