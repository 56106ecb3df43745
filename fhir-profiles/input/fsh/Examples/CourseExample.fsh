// A full IV ketamine course for one patient (Jordan Rivera, 70 kg, recurrent severe MDD,
// treatment-resistant): intake 2025-01-06 → preparation 01-08 → six IV sessions twice weekly
// (01-13 … 01-30) with integration sessions after sessions 2, 4 and 6 → follow-up PHQ-9 02-14.
// PHQ-9 falls 22 → 14 → 8 → 4 (goal PHQ-9 < 5 reached); GAD-7 15 → 7.

Instance: kap-example-clinic
InstanceOf: Organization
Usage: #example
Title: "Example KAP clinic"
Description: "A KAP clinic certified as a Spravato REMS healthcare setting."
* active = true
* name = "Riverside Ketamine-Assisted Psychotherapy Clinic"

Instance: kap-example-psychiatrist
InstanceOf: Practitioner
Usage: #example
Description: "Prescribing psychiatrist."
* name.family = "Chen"
* name.given = "Alex"
* name.prefix = "Dr."

Instance: kap-example-therapist
InstanceOf: Practitioner
Usage: #example
Description: "KAP psychotherapist (preparation and integration sessions)."
* name.family = "Patel"
* name.given = "Sam"

Instance: kap-example-nurse
InstanceOf: Practitioner
Usage: #example
Description: "Registered nurse who monitors dosing sessions."
* name.family = "Okafor"
* name.given = "Grace"

Instance: kap-example-patient
InstanceOf: KAPPatient
Usage: #example
Title: "Example KAP patient"
Description: "Patient of the example ketamine course."
* identifier.use = #usual
* identifier.type = $v2-0203#MR "Medical record number"
* identifier.system = $kap-mrn
* identifier.value = "100234"
* active = true
* name.family = "Rivera"
* name.given = "Jordan"
* gender = #female
* birthDate = "1985-04-12"
* telecom.system = #phone
* telecom.value = "+1-555-0142"
* address.city = "Springfield"
* address.state = "IL"
* managingOrganization = Reference(kap-example-clinic)

Instance: kap-example-condition-mdd
InstanceOf: KAPCondition
Usage: #example
Title: "Example treatment-resistant depression"
Description: "Recurrent severe major depressive disorder, flagged treatment-resistant (no ICD-10-CM code for TRD)."
* extension[treatmentResistant].valueBoolean = true
* clinicalStatus = $condition-clinical#active "Active"
* verificationStatus = $condition-ver-status#confirmed "Confirmed"
* category = $condition-category#problem-list-item "Problem List Item"
* code = $icd10cm#F33.2 "Major depressive disorder, recurrent severe without psychotic features"
* code.text = "Treatment-resistant depression (recurrent, severe)"
* subject = Reference(kap-example-patient)
* onsetDateTime = "2016"
* recordedDate = "2025-01-06"
* recorder = Reference(kap-example-psychiatrist)

// A Part 2-protected diagnosis: labelled so that it leaves KAP Hub only under a Part 2 consent.
Instance: kap-example-condition-aud
InstanceOf: KAPCondition
Usage: #example
Title: "Example Part 2-protected alcohol use disorder"
Description: "Alcohol abuse diagnosed by the clinic's substance use disorder program; labelled ETH / 42CFRPart2 / R."
* meta.security[0] = $v3-ActCode#ETH "substance abuse information sensitivity"
* meta.security[1] = $v3-ActCode#42CFRPart2 "42 CFR Part2"
* meta.security[2] = $v3-Confidentiality#R "restricted"
* clinicalStatus = $condition-clinical#active "Active"
* verificationStatus = $condition-ver-status#confirmed "Confirmed"
* category = $condition-category#encounter-diagnosis "Encounter Diagnosis"
* code = $icd10cm#F10.10 "Alcohol abuse, uncomplicated"
* subject = Reference(kap-example-patient)
* recordedDate = "2025-01-06"
* recorder = Reference(kap-example-psychiatrist)

Instance: kap-example-part2-consent
InstanceOf: KAPPart2Consent
Usage: #example
Title: "Example 42 CFR Part 2 consent"
Description: "Jordan Rivera permits the clinic to disclose Part 2-protected information to her primary care physician for treatment, until 2026-01-06."
* status = #active
* scope = $consentscope#patient-privacy "Privacy Consent"
* category[0] = $loinc#59284-0 "Patient Consent"
* category[1] = $v3-ActCode#IDSCL "information disclosure"
* patient = Reference(kap-example-patient)
* dateTime = "2025-01-06T11:30:00-05:00"
* performer = Reference(kap-example-patient)
* organization = Reference(kap-example-clinic)
* sourceAttachment.title = "Signed 42 CFR Part 2 consent to disclose"
* sourceAttachment.creation = "2025-01-06T11:30:00-05:00"
* policy.uri = "https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2"
* policyRule = $v3-ActCode#42CFRPart2 "42 CFR Part2"
* provision.type = #permit
* provision.period.start = "2025-01-06"
* provision.period.end = "2026-01-06"
* provision.actor.role = $v3-ParticipationType#IRCP "information recipient"
* provision.actor.reference = Reference(kap-example-pcp)
* provision.action = http://terminology.hl7.org/CodeSystem/consentaction#disclose "Disclose"
* provision.securityLabel[0] = $v3-ActCode#ETH "substance abuse information sensitivity"
* provision.securityLabel[1] = $v3-ActCode#42CFRPart2 "42 CFR Part2"
* provision.purpose = http://terminology.hl7.org/CodeSystem/v3-ActReason#TREAT "treatment"

Instance: kap-example-pcp
InstanceOf: Practitioner
Usage: #example
Description: "The patient's primary care physician (recipient under the Part 2 consent)."
* name.family = "Novak"
* name.given = "Teresa"
* name.prefix = "Dr."

Instance: kap-example-goal-remission
InstanceOf: Goal
Usage: #example
Title: "Example goal: PHQ-9 below 5"
Description: "Remission goal of the course: PHQ-9 total score below 5."
* lifecycleStatus = #completed
* achievementStatus = $goal-achievement#achieved "Achieved"
* description.text = "Remission of depression: PHQ-9 total score below 5"
* subject = Reference(kap-example-patient)
* startDate = "2025-01-06"
* target.measure = $loinc#44261-6 "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"
* target.detailQuantity.comparator = #<
* target.detailQuantity = 5 '{score}' "{score}"
* target.dueDate = "2025-03-01"
* addresses = Reference(kap-example-condition-mdd)
* outcomeReference = Reference(kap-example-score-phq9-4)

Instance: kap-example-medreq-ketamine
InstanceOf: KAPMedicationRequest
Usage: #example
Title: "Example IV ketamine order"
Description: "Order for six IV ketamine sessions, 0.5 mg/kg over 40 minutes, twice weekly."
* status = #completed
* intent = #order
* medicationCodeableConcept = $rxnorm#6130 "ketamine"
* medicationCodeableConcept.text = "Ketamine hydrochloride injection"
* subject = Reference(kap-example-patient)
* encounter = Reference(kap-example-enc-intake)
* authoredOn = "2025-01-08"
* requester = Reference(kap-example-psychiatrist)
* reasonReference = Reference(kap-example-condition-mdd)
* basedOn = Reference(kap-example-careplan)
* courseOfTherapyType = http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy#acute "Short course (acute) therapy"
* dosageInstruction.text = "0.5 mg/kg IV over 40 minutes, twice weekly, 6 sessions"
* dosageInstruction.timing.repeat.count = 6
* dosageInstruction.timing.repeat.frequency = 2
* dosageInstruction.timing.repeat.period = 1
* dosageInstruction.timing.repeat.periodUnit = #wk
* dosageInstruction.route = $sct#47625008 "Intravenous route"
* dosageInstruction.doseAndRate.doseQuantity = 0.5 'mg/kg' "mg/kg"
* dosageInstruction.doseAndRate.rateQuantity = 0.875 'mg/min' "mg/min"

Instance: kap-example-enc-intake
InstanceOf: Encounter
Usage: #example
Description: "Intake assessment visit."
* insert CourseEncounter(intake-assessment, Intake assessment, 2025-01-06T09:00:00-05:00, 2025-01-06T11:30:00-05:00, assessment)
* participant.individual = Reference(kap-example-psychiatrist)
* reasonReference = Reference(kap-example-condition-mdd)

Instance: kap-example-enc-preparation
InstanceOf: Encounter
Usage: #example
Description: "Preparation psychotherapy session."
* insert CourseEncounter(preparation-session, Preparation session, 2025-01-08T14:00:00-05:00, 2025-01-08T15:30:00-05:00, preparation)
* participant.individual = Reference(kap-example-therapist)

// The course. Phases are codes on each activity (kap-treatment-phase) and on the plan (current phase).
Instance: kap-example-careplan
InstanceOf: KAPCarePlan
Usage: #example
Title: "Example KAP course"
Description: "IV ketamine-assisted psychotherapy course: assessment, preparation, 6 dosing sessions, integration sessions, follow-up measurement."
* extension[currentPhase].valueCodeableConcept = KAPTreatmentPhase#integration "Integration"
* status = #active
* intent = #plan
* category = KAPCarePlanCategory#kap-course "KAP treatment course"
* title = "Ketamine-assisted psychotherapy course"
* subject = Reference(kap-example-patient)
* period.start = "2025-01-06"
* period.end = "2025-03-01"
* created = "2025-01-06"
* author = Reference(kap-example-psychiatrist)
* addresses = Reference(kap-example-condition-mdd)
* goal = Reference(kap-example-goal-remission)
// assessment: done, described inline (detail), outcome = the intake encounter and baseline measures
* activity[0].extension[phase].valueCodeableConcept = KAPTreatmentPhase#assessment "Assessment"
* activity[0].outcomeReference[0] = Reference(kap-example-enc-intake)
* activity[0].outcomeReference[1] = Reference(kap-example-score-phq9-1)
* activity[0].outcomeReference[2] = Reference(kap-example-score-gad7-1)
* activity[0].detail.kind = #Appointment
* activity[0].detail.code = KAPActivityKind#intake-assessment "Intake assessment"
* activity[0].detail.status = #completed
* activity[0].detail.scheduledString = "2025-01-06"
// preparation
* activity[1].extension[phase].valueCodeableConcept = KAPTreatmentPhase#preparation "Preparation"
* activity[1].outcomeReference = Reference(kap-example-enc-preparation)
* activity[1].detail.kind = #Appointment
* activity[1].detail.code = KAPActivityKind#preparation-session "Preparation session"
* activity[1].detail.status = #completed
* activity[1].detail.scheduledString = "2025-01-08"
// dosing: the order, with the six administrations as outcomes
* activity[2].extension[phase].valueCodeableConcept = KAPTreatmentPhase#dosing "Dosing"
* activity[2].reference = Reference(kap-example-medreq-ketamine)
* activity[2].outcomeReference[0] = Reference(kap-example-ketamine-admin-1)
* activity[2].outcomeReference[1] = Reference(kap-example-ketamine-admin-2)
* activity[2].outcomeReference[2] = Reference(kap-example-ketamine-admin-3)
* activity[2].outcomeReference[3] = Reference(kap-example-ketamine-admin-4)
* activity[2].outcomeReference[4] = Reference(kap-example-ketamine-admin-5)
* activity[2].outcomeReference[5] = Reference(kap-example-ketamine-admin-6)
// integration: one activity per booked appointment
* activity[3].extension[phase].valueCodeableConcept = KAPTreatmentPhase#integration "Integration"
* activity[3].reference = Reference(kap-example-appt-integration-1)
* activity[3].outcomeReference = Reference(kap-example-enc-integration-1)
* activity[4].extension[phase].valueCodeableConcept = KAPTreatmentPhase#integration "Integration"
* activity[4].reference = Reference(kap-example-appt-integration-2)
* activity[4].outcomeReference = Reference(kap-example-enc-integration-2)
* activity[5].extension[phase].valueCodeableConcept = KAPTreatmentPhase#integration "Integration"
* activity[5].reference = Reference(kap-example-appt-integration-3)
* activity[5].outcomeReference = Reference(kap-example-enc-integration-3)
// follow-up measurement
* activity[6].extension[phase].valueCodeableConcept = KAPTreatmentPhase#integration "Integration"
* activity[6].outcomeReference = Reference(kap-example-score-phq9-4)
* activity[6].detail.kind = #Task
* activity[6].detail.code = KAPActivityKind#outcome-measurement "Outcome measurement"
* activity[6].detail.status = #completed
* activity[6].detail.scheduledString = "2025-02-14"
