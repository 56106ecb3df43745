// Shared rules for the KAP Questionnaires.
// Scoring is data: each scored answerOption carries its score in the itemWeight extension
// (http://hl7.org/fhir/StructureDefinition/itemWeight, the current name of R4 ordinalValue);
// the total item (readOnly) carries minValue/maxValue and one kap-score-band per band.

RuleSet: KapQuestionnaireMeta(id)
* url = "https://fhir.kaphub.org/Questionnaire/{id}"
* version = "0.1.0"
* status = #draft
* experimental = false
* subjectType = #Patient
* publisher = "KAP Hub"
* date = "2025-01-01"

// A scored answer option: LOINC answer code + score.
RuleSet: LoincAnswer(code, display, weight)
* item[=].answerOption[+].valueCoding = http://loinc.org#{code} "{display}"
* item[=].answerOption[=].extension[+].url = "http://hl7.org/fhir/StructureDefinition/itemWeight"
* item[=].answerOption[=].extension[=].valueDecimal = {weight}

// PHQ-9 / GAD-7 frequency scale (LOINC LL358-3 style answers).
RuleSet: FrequencyAnswers
* insert LoincAnswer(LA6568-5, Not at all, 0)
* insert LoincAnswer(LA6569-3, Several days, 1)
* insert LoincAnswer(LA6570-1, More than half the days, 2)
* insert LoincAnswer(LA6571-9, Nearly every day, 3)

RuleSet: ScoredLoincItem(linkId, code, text)
* item[+].linkId = "{linkId}"
* item[=].code = http://loinc.org#{code}
* item[=].text = "{text}"
* item[=].type = #choice
* item[=].required = true

RuleSet: IntroItem(linkId, text)
* item[+].linkId = "{linkId}"
* item[=].text = "{text}"
* item[=].type = #display

// The total score item. Filled by the form filler or the server, never by the patient.
RuleSet: TotalItem(linkId, system, code, text, min, max)
* item[+].linkId = "{linkId}"
* item[=].code = {system}#{code}
* item[=].text = "{text}"
* item[=].type = #integer
* item[=].required = false
* item[=].readOnly = true
* item[=].extension[+].url = "http://hl7.org/fhir/StructureDefinition/minValue"
* item[=].extension[=].valueInteger = {min}
* item[=].extension[+].url = "http://hl7.org/fhir/StructureDefinition/maxValue"
* item[=].extension[=].valueInteger = {max}

// One severity band on the current (total) item: low..high inclusive → interpretation code.
RuleSet: ScoreBand(low, high, band)
* item[=].extension[+].url = "https://fhir.kaphub.org/StructureDefinition/kap-score-band"
* item[=].extension[=].extension[+].url = "low"
* item[=].extension[=].extension[=].valueInteger = {low}
* item[=].extension[=].extension[+].url = "high"
* item[=].extension[=].extension[=].valueInteger = {high}
* item[=].extension[=].extension[+].url = "interpretation"
* item[=].extension[=].extension[=].valueCoding = https://fhir.kaphub.org/CodeSystem/kap-score-interpretation#{band}

RuleSet: ScoreBandForSex(low, high, band, sex)
* insert ScoreBand({low}, {high}, {band})
* item[=].extension[=].extension[+].url = "sex"
* item[=].extension[=].extension[=].valueCode = #{sex}
