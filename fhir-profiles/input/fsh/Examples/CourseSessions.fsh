// Generated once from a small table (sessions 1–6 of the example course) and kept as plain FSH.
// Each session: encounter, ketamine administration, BP pre-dose / ~40 min / end, HR, SpO2, RR.

// ---- dosing session 1 (2025-01-13)
Instance: kap-example-enc-dosing-1
InstanceOf: Encounter
Usage: #example
Description: "Ketamine dosing session 1."
* insert CourseEncounter(dosing-session, Dosing session, 2025-01-13T09:30:00-05:00, 2025-01-13T12:00:00-05:00, dosing)
* extension[1].url = "https://fhir.kaphub.org/StructureDefinition/kap-session-number"
* extension[1].valuePositiveInt = 1
* participant[0].individual = Reference(kap-example-nurse)
* participant[1].individual = Reference(kap-example-psychiatrist)
* reasonReference = Reference(kap-example-condition-mdd)

Instance: kap-example-ketamine-admin-1
InstanceOf: KAPMedicationAdministration
Usage: #example
Description: "IV ketamine, session 1: 35 mg (0.5 mg/kg) over 40 minutes."
* insert KetamineIVSession(1, 2025-01-13, KET2411A)

Instance: kap-example-bp-1-pre
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 1, pre-dose."
* insert CourseVital(1, 2025-01-13T09:50:00-05:00, pre-dose)
* insert BloodPressureValues(124, 80)

Instance: kap-example-bp-1-40min
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 1, post-dose-40min."
* insert CourseVital(1, 2025-01-13T10:40:00-05:00, post-dose-40min)
* insert BloodPressureValues(142, 88)

Instance: kap-example-bp-1-end
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 1, end-of-monitoring."
* insert CourseVital(1, 2025-01-13T11:50:00-05:00, end-of-monitoring)
* insert BloodPressureValues(126, 82)

Instance: kap-example-hr-1
InstanceOf: KAPHeartRate
Usage: #example
Description: "Heart rate, session 1, during dosing."
* insert CourseVital(1, 2025-01-13T10:20:00-05:00, during-dose)
* insert HeartRateValue(74)

Instance: kap-example-spo2-1
InstanceOf: KAPOxygenSaturation
Usage: #example
Description: "Oxygen saturation, session 1, during dosing."
* insert CourseVital(1, 2025-01-13T10:20:00-05:00, during-dose)
* insert OxygenSaturationValue(98)

Instance: kap-example-rr-1
InstanceOf: KAPRespiratoryRate
Usage: #example
Description: "Respiratory rate, session 1, during dosing."
* insert CourseVital(1, 2025-01-13T10:20:00-05:00, during-dose)
* insert RespiratoryRateValue(14)

// ---- dosing session 2 (2025-01-16)
Instance: kap-example-enc-dosing-2
InstanceOf: Encounter
Usage: #example
Description: "Ketamine dosing session 2."
* insert CourseEncounter(dosing-session, Dosing session, 2025-01-16T09:30:00-05:00, 2025-01-16T12:00:00-05:00, dosing)
* extension[1].url = "https://fhir.kaphub.org/StructureDefinition/kap-session-number"
* extension[1].valuePositiveInt = 2
* participant[0].individual = Reference(kap-example-nurse)
* participant[1].individual = Reference(kap-example-psychiatrist)
* reasonReference = Reference(kap-example-condition-mdd)

Instance: kap-example-ketamine-admin-2
InstanceOf: KAPMedicationAdministration
Usage: #example
Description: "IV ketamine, session 2: 35 mg (0.5 mg/kg) over 40 minutes."
* insert KetamineIVSession(2, 2025-01-16, KET2411A)

Instance: kap-example-bp-2-pre
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 2, pre-dose."
* insert CourseVital(2, 2025-01-16T09:50:00-05:00, pre-dose)
* insert BloodPressureValues(122, 78)

Instance: kap-example-bp-2-40min
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 2, post-dose-40min."
* insert CourseVital(2, 2025-01-16T10:40:00-05:00, post-dose-40min)
* insert BloodPressureValues(138, 86)

Instance: kap-example-bp-2-end
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 2, end-of-monitoring."
* insert CourseVital(2, 2025-01-16T11:50:00-05:00, end-of-monitoring)
* insert BloodPressureValues(124, 80)

Instance: kap-example-hr-2
InstanceOf: KAPHeartRate
Usage: #example
Description: "Heart rate, session 2, during dosing."
* insert CourseVital(2, 2025-01-16T10:20:00-05:00, during-dose)
* insert HeartRateValue(72)

Instance: kap-example-spo2-2
InstanceOf: KAPOxygenSaturation
Usage: #example
Description: "Oxygen saturation, session 2, during dosing."
* insert CourseVital(2, 2025-01-16T10:20:00-05:00, during-dose)
* insert OxygenSaturationValue(98)

Instance: kap-example-rr-2
InstanceOf: KAPRespiratoryRate
Usage: #example
Description: "Respiratory rate, session 2, during dosing."
* insert CourseVital(2, 2025-01-16T10:20:00-05:00, during-dose)
* insert RespiratoryRateValue(14)

// ---- dosing session 3 (2025-01-20)
Instance: kap-example-enc-dosing-3
InstanceOf: Encounter
Usage: #example
Description: "Ketamine dosing session 3."
* insert CourseEncounter(dosing-session, Dosing session, 2025-01-20T09:30:00-05:00, 2025-01-20T12:00:00-05:00, dosing)
* extension[1].url = "https://fhir.kaphub.org/StructureDefinition/kap-session-number"
* extension[1].valuePositiveInt = 3
* participant[0].individual = Reference(kap-example-nurse)
* participant[1].individual = Reference(kap-example-psychiatrist)
* reasonReference = Reference(kap-example-condition-mdd)

Instance: kap-example-ketamine-admin-3
InstanceOf: KAPMedicationAdministration
Usage: #example
Description: "IV ketamine, session 3: 35 mg (0.5 mg/kg) over 40 minutes."
* insert KetamineIVSession(3, 2025-01-20, KET2411A)

Instance: kap-example-bp-3-pre
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 3, pre-dose."
* insert CourseVital(3, 2025-01-20T09:50:00-05:00, pre-dose)
* insert BloodPressureValues(126, 82)

Instance: kap-example-bp-3-40min
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 3, post-dose-40min."
* insert CourseVital(3, 2025-01-20T10:40:00-05:00, post-dose-40min)
* insert BloodPressureValues(144, 90)

Instance: kap-example-bp-3-end
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 3, end-of-monitoring."
* insert CourseVital(3, 2025-01-20T11:50:00-05:00, end-of-monitoring)
* insert BloodPressureValues(128, 82)

Instance: kap-example-hr-3
InstanceOf: KAPHeartRate
Usage: #example
Description: "Heart rate, session 3, during dosing."
* insert CourseVital(3, 2025-01-20T10:20:00-05:00, during-dose)
* insert HeartRateValue(76)

Instance: kap-example-spo2-3
InstanceOf: KAPOxygenSaturation
Usage: #example
Description: "Oxygen saturation, session 3, during dosing."
* insert CourseVital(3, 2025-01-20T10:20:00-05:00, during-dose)
* insert OxygenSaturationValue(97)

Instance: kap-example-rr-3
InstanceOf: KAPRespiratoryRate
Usage: #example
Description: "Respiratory rate, session 3, during dosing."
* insert CourseVital(3, 2025-01-20T10:20:00-05:00, during-dose)
* insert RespiratoryRateValue(13)

// ---- dosing session 4 (2025-01-23)
Instance: kap-example-enc-dosing-4
InstanceOf: Encounter
Usage: #example
Description: "Ketamine dosing session 4."
* insert CourseEncounter(dosing-session, Dosing session, 2025-01-23T09:30:00-05:00, 2025-01-23T12:00:00-05:00, dosing)
* extension[1].url = "https://fhir.kaphub.org/StructureDefinition/kap-session-number"
* extension[1].valuePositiveInt = 4
* participant[0].individual = Reference(kap-example-nurse)
* participant[1].individual = Reference(kap-example-psychiatrist)
* reasonReference = Reference(kap-example-condition-mdd)

Instance: kap-example-ketamine-admin-4
InstanceOf: KAPMedicationAdministration
Usage: #example
Description: "IV ketamine, session 4: 35 mg (0.5 mg/kg) over 40 minutes."
* insert KetamineIVSession(4, 2025-01-23, KET2412B)

Instance: kap-example-bp-4-pre
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 4, pre-dose."
* insert CourseVital(4, 2025-01-23T09:50:00-05:00, pre-dose)
* insert BloodPressureValues(120, 78)

Instance: kap-example-bp-4-40min
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 4, post-dose-40min."
* insert CourseVital(4, 2025-01-23T10:40:00-05:00, post-dose-40min)
* insert BloodPressureValues(136, 86)

Instance: kap-example-bp-4-end
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 4, end-of-monitoring."
* insert CourseVital(4, 2025-01-23T11:50:00-05:00, end-of-monitoring)
* insert BloodPressureValues(122, 78)

Instance: kap-example-hr-4
InstanceOf: KAPHeartRate
Usage: #example
Description: "Heart rate, session 4, during dosing."
* insert CourseVital(4, 2025-01-23T10:20:00-05:00, during-dose)
* insert HeartRateValue(70)

Instance: kap-example-spo2-4
InstanceOf: KAPOxygenSaturation
Usage: #example
Description: "Oxygen saturation, session 4, during dosing."
* insert CourseVital(4, 2025-01-23T10:20:00-05:00, during-dose)
* insert OxygenSaturationValue(98)

Instance: kap-example-rr-4
InstanceOf: KAPRespiratoryRate
Usage: #example
Description: "Respiratory rate, session 4, during dosing."
* insert CourseVital(4, 2025-01-23T10:20:00-05:00, during-dose)
* insert RespiratoryRateValue(14)

// ---- dosing session 5 (2025-01-27)
Instance: kap-example-enc-dosing-5
InstanceOf: Encounter
Usage: #example
Description: "Ketamine dosing session 5."
* insert CourseEncounter(dosing-session, Dosing session, 2025-01-27T09:30:00-05:00, 2025-01-27T12:00:00-05:00, dosing)
* extension[1].url = "https://fhir.kaphub.org/StructureDefinition/kap-session-number"
* extension[1].valuePositiveInt = 5
* participant[0].individual = Reference(kap-example-nurse)
* participant[1].individual = Reference(kap-example-psychiatrist)
* reasonReference = Reference(kap-example-condition-mdd)

Instance: kap-example-ketamine-admin-5
InstanceOf: KAPMedicationAdministration
Usage: #example
Description: "IV ketamine, session 5: 35 mg (0.5 mg/kg) over 40 minutes."
* insert KetamineIVSession(5, 2025-01-27, KET2412B)

Instance: kap-example-bp-5-pre
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 5, pre-dose."
* insert CourseVital(5, 2025-01-27T09:50:00-05:00, pre-dose)
* insert BloodPressureValues(118, 76)

Instance: kap-example-bp-5-40min
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 5, post-dose-40min."
* insert CourseVital(5, 2025-01-27T10:40:00-05:00, post-dose-40min)
* insert BloodPressureValues(134, 84)

Instance: kap-example-bp-5-end
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 5, end-of-monitoring."
* insert CourseVital(5, 2025-01-27T11:50:00-05:00, end-of-monitoring)
* insert BloodPressureValues(120, 78)

Instance: kap-example-hr-5
InstanceOf: KAPHeartRate
Usage: #example
Description: "Heart rate, session 5, during dosing."
* insert CourseVital(5, 2025-01-27T10:20:00-05:00, during-dose)
* insert HeartRateValue(68)

Instance: kap-example-spo2-5
InstanceOf: KAPOxygenSaturation
Usage: #example
Description: "Oxygen saturation, session 5, during dosing."
* insert CourseVital(5, 2025-01-27T10:20:00-05:00, during-dose)
* insert OxygenSaturationValue(99)

Instance: kap-example-rr-5
InstanceOf: KAPRespiratoryRate
Usage: #example
Description: "Respiratory rate, session 5, during dosing."
* insert CourseVital(5, 2025-01-27T10:20:00-05:00, during-dose)
* insert RespiratoryRateValue(14)

// ---- dosing session 6 (2025-01-30)
Instance: kap-example-enc-dosing-6
InstanceOf: Encounter
Usage: #example
Description: "Ketamine dosing session 6."
* insert CourseEncounter(dosing-session, Dosing session, 2025-01-30T09:30:00-05:00, 2025-01-30T12:00:00-05:00, dosing)
* extension[1].url = "https://fhir.kaphub.org/StructureDefinition/kap-session-number"
* extension[1].valuePositiveInt = 6
* participant[0].individual = Reference(kap-example-nurse)
* participant[1].individual = Reference(kap-example-psychiatrist)
* reasonReference = Reference(kap-example-condition-mdd)

Instance: kap-example-ketamine-admin-6
InstanceOf: KAPMedicationAdministration
Usage: #example
Description: "IV ketamine, session 6: 35 mg (0.5 mg/kg) over 40 minutes."
* insert KetamineIVSession(6, 2025-01-30, KET2412B)

Instance: kap-example-bp-6-pre
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 6, pre-dose."
* insert CourseVital(6, 2025-01-30T09:50:00-05:00, pre-dose)
* insert BloodPressureValues(120, 78)

Instance: kap-example-bp-6-40min
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 6, post-dose-40min."
* insert CourseVital(6, 2025-01-30T10:40:00-05:00, post-dose-40min)
* insert BloodPressureValues(132, 84)

Instance: kap-example-bp-6-end
InstanceOf: KAPBloodPressure
Usage: #example
Description: "Blood pressure, session 6, end-of-monitoring."
* insert CourseVital(6, 2025-01-30T11:50:00-05:00, end-of-monitoring)
* insert BloodPressureValues(120, 76)

Instance: kap-example-hr-6
InstanceOf: KAPHeartRate
Usage: #example
Description: "Heart rate, session 6, during dosing."
* insert CourseVital(6, 2025-01-30T10:20:00-05:00, during-dose)
* insert HeartRateValue(70)

Instance: kap-example-spo2-6
InstanceOf: KAPOxygenSaturation
Usage: #example
Description: "Oxygen saturation, session 6, during dosing."
* insert CourseVital(6, 2025-01-30T10:20:00-05:00, during-dose)
* insert OxygenSaturationValue(98)

Instance: kap-example-rr-6
InstanceOf: KAPRespiratoryRate
Usage: #example
Description: "Respiratory rate, session 6, during dosing."
* insert CourseVital(6, 2025-01-30T10:20:00-05:00, during-dose)
* insert RespiratoryRateValue(15)

// ---- integration session 1 (2025-01-17)
Instance: kap-example-appt-integration-1
InstanceOf: Appointment
Usage: #example
Description: "Integration session 1 (booked)."
* status = #fulfilled
* serviceType = KAPActivityKind#integration-session "Integration session"
* extension[0].url = "https://fhir.kaphub.org/StructureDefinition/kap-treatment-phase"
* extension[0].valueCodeableConcept = KAPTreatmentPhase#integration "Integration"
* start = "2025-01-17T14:00:00-05:00"
* end = "2025-01-17T15:00:00-05:00"

* participant[0].actor = Reference(kap-example-patient)
* participant[0].status = #accepted
* participant[1].actor = Reference(kap-example-therapist)
* participant[1].status = #accepted

Instance: kap-example-enc-integration-1
InstanceOf: Encounter
Usage: #example
Description: "Integration session 1."
* insert CourseEncounter(integration-session, Integration session, 2025-01-17T14:00:00-05:00, 2025-01-17T15:00:00-05:00, integration)
* appointment = Reference(kap-example-appt-integration-1)
* participant.individual = Reference(kap-example-therapist)

// ---- integration session 2 (2025-01-24)
Instance: kap-example-appt-integration-2
InstanceOf: Appointment
Usage: #example
Description: "Integration session 2 (booked)."
* status = #fulfilled
* serviceType = KAPActivityKind#integration-session "Integration session"
* extension[0].url = "https://fhir.kaphub.org/StructureDefinition/kap-treatment-phase"
* extension[0].valueCodeableConcept = KAPTreatmentPhase#integration "Integration"
* start = "2025-01-24T14:00:00-05:00"
* end = "2025-01-24T15:00:00-05:00"

* participant[0].actor = Reference(kap-example-patient)
* participant[0].status = #accepted
* participant[1].actor = Reference(kap-example-therapist)
* participant[1].status = #accepted

Instance: kap-example-enc-integration-2
InstanceOf: Encounter
Usage: #example
Description: "Integration session 2."
* insert CourseEncounter(integration-session, Integration session, 2025-01-24T14:00:00-05:00, 2025-01-24T15:00:00-05:00, integration)
* appointment = Reference(kap-example-appt-integration-2)
* participant.individual = Reference(kap-example-therapist)

// ---- integration session 3 (2025-01-31)
Instance: kap-example-appt-integration-3
InstanceOf: Appointment
Usage: #example
Description: "Integration session 3 (booked)."
* status = #fulfilled
* serviceType = KAPActivityKind#integration-session "Integration session"
* extension[0].url = "https://fhir.kaphub.org/StructureDefinition/kap-treatment-phase"
* extension[0].valueCodeableConcept = KAPTreatmentPhase#integration "Integration"
* start = "2025-01-31T14:00:00-05:00"
* end = "2025-01-31T15:00:00-05:00"

* participant[0].actor = Reference(kap-example-patient)
* participant[0].status = #accepted
* participant[1].actor = Reference(kap-example-therapist)
* participant[1].status = #accepted

Instance: kap-example-enc-integration-3
InstanceOf: Encounter
Usage: #example
Description: "Integration session 3."
* insert CourseEncounter(integration-session, Integration session, 2025-01-31T14:00:00-05:00, 2025-01-31T15:00:00-05:00, integration)
* appointment = Reference(kap-example-appt-integration-3)
* participant.individual = Reference(kap-example-therapist)

