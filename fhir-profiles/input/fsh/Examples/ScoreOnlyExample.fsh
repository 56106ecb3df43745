// A licensed instrument supported by code and score only: no Questionnaire, no item text,
// no derivedFrom. MADRS 0–60; bands (0–6, 7–19, 20–34, 35–60) are applied by the clinician.
Instance: kap-example-score-madrs-1
InstanceOf: KAPScoreObservation
Usage: #example
Title: "Example MADRS total (score only)"
Description: "Clinician-rated MADRS total at intake, recorded as a score without item data."
* status = #final
* category = $obs-category#survey "Survey"
* code = KAPInstrument#madrs-total "MADRS total score"
* subject = Reference(kap-example-patient)
* encounter = Reference(kap-example-enc-intake)
* effectiveDateTime = "2025-01-06T10:30:00-05:00"
* performer = Reference(kap-example-psychiatrist)
* valueQuantity = 31 '{score}' "{score}"
* interpretation = KAPScoreInterpretation#moderate "Moderate"
