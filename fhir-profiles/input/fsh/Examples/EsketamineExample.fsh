// An esketamine (Spravato) session under the REMS for a second patient: 56 mg (two 28 mg
// devices, 5 minutes apart), blood pressure before, at ~40 min and at the end of a 125-minute
// monitoring period, and the REMS Patient Monitoring Form filled from these data.

Instance: kap-example-esk-patient
InstanceOf: KAPPatient
Usage: #example
Title: "Example esketamine patient"
Description: "Patient treated with esketamine nasal spray, enrolled in the Spravato REMS."
* identifier.use = #usual
* identifier.type = $v2-0203#MR "Medical record number"
* identifier.system = $kap-mrn
* identifier.value = "100871"
* extension[remsEnrollment].valueIdentifier.system = $kap-rems-patient
* extension[remsEnrollment].valueIdentifier.value = "REMS-PT-4471902"
* name.family = "Lee"
* name.given = "Morgan"
* gender = #male
* birthDate = "1970-09-03"

Instance: kap-example-esk-condition
InstanceOf: KAPCondition
Usage: #example
Description: "Treatment-resistant depression of the esketamine patient."
* extension[treatmentResistant].valueBoolean = true
* clinicalStatus = $condition-clinical#active "Active"
* verificationStatus = $condition-ver-status#confirmed "Confirmed"
* code = $icd10cm#F33.2 "Major depressive disorder, recurrent severe without psychotic features"
* subject = Reference(kap-example-esk-patient)

Instance: kap-example-medreq-esketamine
InstanceOf: KAPMedicationRequest
Usage: #example
Title: "Example esketamine order"
Description: "Esketamine 56 mg intranasally twice weekly (induction weeks 1–4)."
* status = #active
* intent = #order
* medicationCodeableConcept = $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"
* subject = Reference(kap-example-esk-patient)
* authoredOn = "2025-02-01"
* requester = Reference(kap-example-psychiatrist)
* reasonReference = Reference(kap-example-esk-condition)
* dosageInstruction.text = "56 mg (2 devices, 5 minutes apart) intranasally twice weekly, weeks 1-4"
* dosageInstruction.timing.repeat.frequency = 2
* dosageInstruction.timing.repeat.period = 1
* dosageInstruction.timing.repeat.periodUnit = #wk
* dosageInstruction.route = $sct#46713006 "Nasal route"
* dosageInstruction.doseAndRate.doseQuantity = 56 'mg' "mg"

Instance: kap-example-enc-esk-1
InstanceOf: Encounter
Usage: #example
Description: "Esketamine treatment session with REMS monitoring."
* status = #finished
* class = http://terminology.hl7.org/CodeSystem/v3-ActCode#AMB "ambulatory"
* type = KAPActivityKind#dosing-session "Dosing session"
* subject = Reference(kap-example-esk-patient)
* period.start = "2025-02-04T08:45:00-05:00"
* period.end = "2025-02-04T11:10:00-05:00"
* participant.individual = Reference(kap-example-nurse)
* serviceProvider = Reference(kap-example-clinic)

Instance: kap-example-esketamine-admin
InstanceOf: KAPEsketamineAdministration
Usage: #example
Title: "Example esketamine administration"
Description: "Esketamine 56 mg nasal spray (2 devices), session 1, REMS monitoring 125 minutes."
* extension[sessionNumber].valuePositiveInt = 1
* extension[lotNumber][0].valueString = "ESK24A117"
* extension[lotNumber][1].valueString = "ESK24A117"
* extension[remsEnrollment].valueIdentifier.system = $kap-rems-patient
* extension[remsEnrollment].valueIdentifier.value = "REMS-PT-4471902"
* extension[monitoringDuration].valueDuration = 125 'min' "min"
* extension[readyForDischarge].valueDuration = 120 'min' "min"
* status = #completed
* medicationCodeableConcept = $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"
* subject = Reference(kap-example-esk-patient)
* context = Reference(kap-example-enc-esk-1)
* effectivePeriod.start = "2025-02-04T09:00:00-05:00"
* effectivePeriod.end = "2025-02-04T09:05:00-05:00"
* performer.actor = Reference(kap-example-nurse)
* request = Reference(kap-example-medreq-esketamine)
* dosage.text = "2 devices of 28 mg, 5 minutes apart"
* dosage.route = $sct#46713006 "Nasal route"
* dosage.dose = 56 'mg' "mg"

Instance: kap-example-esk-bp-pre
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure before the first esketamine device."
* insert EskVital(2025-02-04T08:55:00-05:00, pre-dose)
* insert BloodPressureValues(128, 82)

Instance: kap-example-esk-bp-40min
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure about 40 minutes after esketamine."
* insert EskVital(2025-02-04T09:40:00-05:00, post-dose-40min)
* insert BloodPressureValues(146, 90)

Instance: kap-example-esk-bp-end
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure before the end of monitoring."
* insert EskVital(2025-02-04T11:00:00-05:00, end-of-monitoring)
* insert BloodPressureValues(130, 84)

Instance: kap-example-esk-spo2
InstanceOf: KAPOxygenSaturation
Usage: #example
Description: "Lowest oxygen saturation during esketamine monitoring."
* insert EskVital(2025-02-04T09:30:00-05:00, during-dose)
* insert OxygenSaturationValue(96)

RuleSet: EskVital(time, timepoint)
* status = #final
* insert VitalCategory
* subject = Reference(kap-example-esk-patient)
* encounter = Reference(kap-example-enc-esk-1)
* partOf = Reference(kap-example-esketamine-admin)
* effectiveDateTime = "{time}"
* performer = Reference(kap-example-nurse)
* extension[dosingTimepoint].valueCodeableConcept = KAPDosingTimepoint#{timepoint}

// The REMS form, filled by the server from the administration, the vitals and the Patient.
Instance: kap-example-rems-form
InstanceOf: KAPQuestionnaireResponse
Usage: #example
Title: "Example Spravato REMS Patient Monitoring Form"
Description: "REMS monitoring form for the esketamine session of 2025-02-04."
* questionnaire = "https://fhir.kaphub.org/Questionnaire/rems-monitoring"
* status = #completed
* subject = Reference(kap-example-esk-patient)
* encounter = Reference(kap-example-enc-esk-1)
* authored = "2025-02-04T11:20:00-05:00"
* author = Reference(kap-example-nurse)
* item[0].linkId = "patient"
* item[0].text = "Patient"
* item[0].item[0].linkId = "patient-name"
* item[0].item[0].text = "Patient name"
* item[0].item[0].answer.valueString = "Morgan Lee"
* item[0].item[1].linkId = "patient-birth-date"
* item[0].item[1].text = "Date of birth"
* item[0].item[1].answer.valueDate = "1970-09-03"
* item[0].item[2].linkId = "patient-sex"
* item[0].item[2].text = "Sex"
* item[0].item[2].answer.valueCoding = http://hl7.org/fhir/administrative-gender#male "Male"
* item[0].item[3].linkId = "first-treatment"
* item[0].item[3].text = "Is this the patient's first esketamine treatment?"
* item[0].item[3].answer.valueBoolean = true
* item[0].item[4].linkId = "rems-enrolled"
* item[0].item[4].text = "Is the patient enrolled in the Spravato REMS?"
* item[0].item[4].answer.valueBoolean = true
* item[0].item[5].linkId = "rems-patient-id"
* item[0].item[5].text = "REMS patient enrollment ID"
* item[0].item[5].answer.valueString = "REMS-PT-4471902"
* item[1].linkId = "concomitant-medications"
* item[1].text = "Concomitant medications the patient is taking"
* item[1].item[0].linkId = "benzodiazepines"
* item[1].item[0].text = "Benzodiazepines"
* item[1].item[0].answer.valueBoolean = false
* item[1].item[1].linkId = "non-benzodiazepine-sedative-hypnotics"
* item[1].item[1].text = "Non-benzodiazepine sedative hypnotics"
* item[1].item[1].answer.valueBoolean = false
* item[1].item[2].linkId = "psychostimulants"
* item[1].item[2].text = "Psychostimulants"
* item[1].item[2].answer.valueBoolean = false
* item[1].item[3].linkId = "maois"
* item[1].item[3].text = "Monoamine oxidase inhibitors (MAOIs)"
* item[1].item[3].answer.valueBoolean = false
* item[2].linkId = "treatment"
* item[2].text = "Treatment session"
* item[2].item[0].linkId = "monitoring-provider"
* item[2].item[0].text = "Healthcare provider who monitored the patient"
* item[2].item[0].answer.valueString = "Grace Okafor, RN"
* item[2].item[1].linkId = "healthcare-setting"
* item[2].item[1].text = "Certified healthcare setting (name or REMS setting ID)"
* item[2].item[1].answer.valueString = "Riverside Ketamine-Assisted Psychotherapy Clinic"
* item[2].item[2].linkId = "treatment-date"
* item[2].item[2].text = "Treatment date"
* item[2].item[2].answer.valueDate = "2025-02-04"
* item[2].item[3].linkId = "dose"
* item[2].item[3].text = "Dose administered"
* item[2].item[3].answer.valueCoding = KAPRemsDose#56mg "56 mg"
* item[2].item[4].linkId = "lot-number"
* item[2].item[4].text = "Lot number(s) of the devices used"
* item[2].item[4].answer.valueString = "ESK24A117"
* item[2].item[5].linkId = "monitoring-duration-min"
* item[2].item[5].text = "Total time from administration of the first device to the end of monitoring (minutes)"
* item[2].item[5].answer.valueInteger = 125
* item[2].item[6].linkId = "ready-to-leave-min"
* item[2].item[6].text = "Time after the first device at which the patient could have left the setting (minutes)"
* item[2].item[6].answer.valueInteger = 120
* item[3].linkId = "vital-signs"
* item[3].text = "Vital signs"
* item[3].item[0].linkId = "vitals-acceptable-pre-dose"
* item[3].item[0].text = "Were vital signs acceptable before dosing?"
* item[3].item[0].answer.valueBoolean = true
* item[3].item[1].linkId = "vitals-acceptable-end"
* item[3].item[1].text = "Were vital signs acceptable at the end of monitoring?"
* item[3].item[1].answer.valueBoolean = true
* item[3].item[2].linkId = "bp-pre-dose"
* item[3].item[2].text = "Blood pressure before dosing"
* item[3].item[2].item[0].linkId = "bp-pre-dose-systolic"
* item[3].item[2].item[0].text = "Systolic (mm[Hg])"
* item[3].item[2].item[0].answer.valueInteger = 128
* item[3].item[2].item[1].linkId = "bp-pre-dose-diastolic"
* item[3].item[2].item[1].text = "Diastolic (mm[Hg])"
* item[3].item[2].item[1].answer.valueInteger = 82
* item[3].item[3].linkId = "bp-40min"
* item[3].item[3].text = "Blood pressure about 40 minutes after dosing"
* item[3].item[3].item[0].linkId = "bp-40min-systolic"
* item[3].item[3].item[0].text = "Systolic (mm[Hg])"
* item[3].item[3].item[0].answer.valueInteger = 146
* item[3].item[3].item[1].linkId = "bp-40min-diastolic"
* item[3].item[3].item[1].text = "Diastolic (mm[Hg])"
* item[3].item[3].item[1].answer.valueInteger = 90
* item[3].item[4].linkId = "bp-end"
* item[3].item[4].text = "Blood pressure before the end of monitoring"
* item[3].item[4].item[0].linkId = "bp-end-systolic"
* item[3].item[4].item[0].text = "Systolic (mm[Hg])"
* item[3].item[4].item[0].answer.valueInteger = 130
* item[3].item[4].item[1].linkId = "bp-end-diastolic"
* item[3].item[4].item[1].text = "Diastolic (mm[Hg])"
* item[3].item[4].item[1].answer.valueInteger = 84
* item[3].item[5].linkId = "spo2-lowest"
* item[3].item[5].text = "Lowest oxygen saturation during monitoring (%)"
* item[3].item[5].answer.valueInteger = 96
* item[4].linkId = "outcomes"
* item[4].text = "Outcomes during monitoring"
* item[4].item[0].linkId = "sedation"
* item[4].item[0].text = "Sedation"
* item[4].item[0].answer.valueBoolean = true
* item[4].item[1].linkId = "dissociation"
* item[4].item[1].text = "Dissociation"
* item[4].item[1].answer.valueBoolean = true
* item[4].item[2].linkId = "respiratory-depression"
* item[4].item[2].text = "Respiratory depression"
* item[4].item[2].answer.valueBoolean = false
* item[4].item[3].linkId = "adverse-events"
* item[4].item[3].text = "Any other adverse event?"
* item[4].item[3].answer.valueBoolean = true
* item[4].item[4].linkId = "adverse-events-description"
* item[4].item[4].text = "Describe the adverse event(s)"
* item[4].item[4].answer.valueString = "Transient nausea at 30 minutes, resolved without treatment."
