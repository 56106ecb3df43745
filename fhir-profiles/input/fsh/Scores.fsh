// KAP Score Observation: an instrument total (or risk level). Derived from a
// QuestionnaireResponse when KAP Hub holds the answers; licensed instruments (C-SSRS, BDI-II,
// MADRS, ...) arrive as scores only, so derivedFrom is must-support, not required.
Profile: KAPScoreObservation
Parent: Observation
Id: kap-score-observation
Title: "KAP Score Observation"
Description: "A total score or risk level of a standardised instrument (PHQ-9, GAD-7, PCL-5, AUDIT-C, C-SSRS, MADRS, ...). Requires a score code, the patient, the time and a value (or a reason it is absent). The severity band goes in interpretation; the source QuestionnaireResponse in derivedFrom."
* ^status = #draft
* obeys kap-score-1 and kap-score-2 and kap-score-3 and kap-score-4 and kap-score-5
* status MS
* category MS
* category ^short = "Include survey (observation-category)"
* code MS
* code from KAPScoreCodes (extensible)
* subject 1..1 MS
* subject only Reference(KAPPatient)
* encounter MS
* effective[x] 1..1 MS
* effective[x] only dateTime or Period
* performer MS
* value[x] MS
* value[x] only Quantity or CodeableConcept
* value[x] ^short = "Total score as a Quantity (UCUM {score}), or a coded risk level"
* dataAbsentReason MS
* interpretation MS
* interpretation from KAPScoreInterpretations (extensible)
* interpretation ^short = "Severity band / screening result, per the kap-score-band cut-offs in the Questionnaire"
* note MS
* derivedFrom MS
* derivedFrom only Reference(QuestionnaireResponse or Observation)
* derivedFrom ^short = "The QuestionnaireResponse the score was computed from"

Invariant: kap-score-1
Description: "A score has a value or a dataAbsentReason."
Severity: #error
Expression: "value.exists() or dataAbsentReason.exists()"

Invariant: kap-score-2
Description: "A PHQ-9 total (LOINC 44261-6) is between 0 and 27."
Severity: #error
Expression: "code.coding.where(system = 'http://loinc.org' and code = '44261-6').exists() implies value.ofType(Quantity).value.all($this >= 0 and $this <= 27)"

Invariant: kap-score-3
Description: "A GAD-7 total (LOINC 70274-6) is between 0 and 21."
Severity: #error
Expression: "code.coding.where(system = 'http://loinc.org' and code = '70274-6').exists() implies value.ofType(Quantity).value.all($this >= 0 and $this <= 21)"

Invariant: kap-score-4
Description: "A PCL-5 total (LOINC 101698-9) is between 0 and 80."
Severity: #error
Expression: "code.coding.where(system = 'http://loinc.org' and code = '101698-9').exists() implies value.ofType(Quantity).value.all($this >= 0 and $this <= 80)"

Invariant: kap-score-5
Description: "An AUDIT-C total (LOINC 75626-2) is between 0 and 12."
Severity: #error
Expression: "code.coding.where(system = 'http://loinc.org' and code = '75626-2').exists() implies value.ofType(Quantity).value.all($this >= 0 and $this <= 12)"
