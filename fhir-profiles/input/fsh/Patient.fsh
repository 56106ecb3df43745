// KAP Patient: the only hard requirement is an identifier, because KAP Hub matches and
// de-duplicates patients by business identifier (conditional create from HL7 v2 PID-3).
Profile: KAPPatient
Parent: Patient
Id: kap-patient
Title: "KAP Patient"
Description: "A patient in a KAP clinic. Requires at least one identifier (matching key); name, birth date, sex and contact data are must-support."
* ^status = #draft
* identifier 1..* MS
* identifier.system 1..1 MS
* identifier.value 1..1 MS
* active MS
* name MS
* name.family MS
* name.given MS
* telecom MS
* gender MS
* birthDate MS
* address MS
* contact MS
* generalPractitioner MS
* managingOrganization MS
* meta.security MS
* meta.security ^short = "42 CFR Part 2 labels (kap-part2-security-labels) when the record is Part 2-protected"
* extension contains KAPRemsPatientEnrollment named remsEnrollment 0..1 MS
