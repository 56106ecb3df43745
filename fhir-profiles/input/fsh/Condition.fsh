// KAP Condition: the diagnosis a course addresses (e.g. F33.2 + treatment-resistant flag),
// or a Part 2-protected substance use disorder (labelled in meta.security).
Profile: KAPCondition
Parent: Condition
Id: kap-condition
Title: "KAP Condition"
Description: "A diagnosis treated or considered in a KAP course. Requires a code and the patient; a treatment-resistant flag extension records TRD (no ICD-10-CM code exists for it)."
* ^status = #draft
* extension contains KAPTreatmentResistant named treatmentResistant 0..1 MS
* meta.security MS
* meta.security ^short = "42 CFR Part 2 labels (ETH, 42CFRPart2, R) for substance use disorder diagnoses from a Part 2 program"
* clinicalStatus MS
* verificationStatus MS
* category MS
* severity MS
* code 1..1 MS
* code from KAPDiagnoses (extensible)
* subject only Reference(KAPPatient)
* subject MS
* encounter MS
* onset[x] MS
* recordedDate MS
* recorder MS
* asserter MS
* evidence MS
