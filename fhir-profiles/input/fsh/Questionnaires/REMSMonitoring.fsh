// Spravato REMS Patient Monitoring Form, one per esketamine session, due within 7 days.
// Fields follow the REMS form as summarised in the domain file; the exact wording of the official
// form is UNVERIFIED, so the texts below are KAP Hub's own. linkIds are stable: the server fills
// the form from the session's KAP Esketamine Administration, vitals and Patient (see README).

RuleSet: RemsItem(linkId, type, text)
* item[=].item[+].linkId = "{linkId}"
* item[=].item[=].text = "{text}"
* item[=].item[=].type = #{type}

RuleSet: RemsUnit(code, display)
* item[=].item[=].extension[+].url = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
* item[=].item[=].extension[=].valueCoding = http://unitsofmeasure.org#{code} "{display}"

// A blood-pressure pair as a sub-group.
RuleSet: RemsBloodPressure(prefix, text)
* item[=].item[+].linkId = "{prefix}"
* item[=].item[=].text = "{text}"
* item[=].item[=].type = #group
* item[=].item[=].item[+].linkId = "{prefix}-systolic"
* item[=].item[=].item[=].code = http://loinc.org#8480-6 "Systolic blood pressure"
* item[=].item[=].item[=].text = "Systolic (mm[Hg])"
* item[=].item[=].item[=].type = #integer
* item[=].item[=].item[=].extension[+].url = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
* item[=].item[=].item[=].extension[=].valueCoding = http://unitsofmeasure.org#mm[Hg] "mmHg"
* item[=].item[=].item[+].linkId = "{prefix}-diastolic"
* item[=].item[=].item[=].code = http://loinc.org#8462-4 "Diastolic blood pressure"
* item[=].item[=].item[=].text = "Diastolic (mm[Hg])"
* item[=].item[=].item[=].type = #integer
* item[=].item[=].item[=].extension[+].url = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
* item[=].item[=].item[=].extension[=].valueCoding = http://unitsofmeasure.org#mm[Hg] "mmHg"

Instance: rems-monitoring
InstanceOf: Questionnaire
Usage: #definition
Title: "Spravato REMS Patient Monitoring Form"
Description: "Data of the Spravato (esketamine) REMS Patient Monitoring Form for one treatment session: patient, REMS enrollment, concomitant medications, monitoring provider and setting, dose, lot, monitoring times, blood pressure before dosing / at about 40 minutes / before the end of monitoring, oxygen saturation, and outcomes (sedation, dissociation, respiratory depression, adverse events). REMS: monitoring for at least 2 hours and until sedation, dissociation and respiratory depression resolve; form submitted within 7 days of the session. Wording is KAP Hub's own, not the official form text."
* insert KapQuestionnaireMeta(rems-monitoring)
* name = "SpravatoREMSMonitoring"
* title = "Spravato REMS Patient Monitoring Form"
* code = https://fhir.kaphub.org/CodeSystem/kap-activity-kind#rems-monitoring-form "REMS monitoring form"

* item[+].linkId = "patient"
* item[=].text = "Patient"
* item[=].type = #group
* item[=].required = true
* insert RemsItem(patient-name, string, Patient name)
* item[=].item[=].required = true
* insert RemsItem(patient-birth-date, date, Date of birth)
* item[=].item[=].required = true
* insert RemsItem(patient-sex, choice, Sex)
* item[=].item[=].answerValueSet = "http://hl7.org/fhir/ValueSet/administrative-gender"
* insert RemsItem(first-treatment, boolean, Is this the patient's first esketamine treatment?)
* insert RemsItem(rems-enrolled, boolean, Is the patient enrolled in the Spravato REMS?)
* item[=].item[=].required = true
* insert RemsItem(rems-patient-id, string, REMS patient enrollment ID)

* item[+].linkId = "concomitant-medications"
* item[=].text = "Concomitant medications the patient is taking"
* item[=].type = #group
* insert RemsItem(benzodiazepines, boolean, Benzodiazepines)
* insert RemsItem(non-benzodiazepine-sedative-hypnotics, boolean, Non-benzodiazepine sedative hypnotics)
* insert RemsItem(psychostimulants, boolean, Psychostimulants)
* insert RemsItem(maois, boolean, [[Monoamine oxidase inhibitors (MAOIs)]])

* item[+].linkId = "treatment"
* item[=].text = "Treatment session"
* item[=].type = #group
* item[=].required = true
* insert RemsItem(monitoring-provider, string, Healthcare provider who monitored the patient)
* insert RemsItem(healthcare-setting, string, [[Certified healthcare setting (name or REMS setting ID)]])
* insert RemsItem(treatment-date, date, Treatment date)
* item[=].item[=].required = true
* insert RemsItem(dose, choice, Dose administered)
* item[=].item[=].required = true
* item[=].item[=].answerOption[+].valueCoding = https://fhir.kaphub.org/CodeSystem/kap-rems-dose#56mg "56 mg"
* item[=].item[=].answerOption[+].valueCoding = https://fhir.kaphub.org/CodeSystem/kap-rems-dose#84mg "84 mg"
* item[=].item[=].answerOption[+].valueCoding = https://fhir.kaphub.org/CodeSystem/kap-rems-dose#other "Other"
* insert RemsItem(dose-other-mg, integer, [[Other dose (mg)]])
* insert RemsUnit(mg, mg)
* item[=].item[=].enableWhen.question = "dose"
* item[=].item[=].enableWhen.operator = #=
* item[=].item[=].enableWhen.answerCoding = https://fhir.kaphub.org/CodeSystem/kap-rems-dose#other
* insert RemsItem(lot-number, string, [[Lot number(s) of the devices used]])
* item[=].item[=].repeats = true
* insert RemsItem(monitoring-duration-min, integer, [[Total time from administration of the first device to the end of monitoring (minutes)]])
* insert RemsUnit(min, minutes)
* insert RemsItem(ready-to-leave-min, integer, [[Time after the first device at which the patient could have left the setting (minutes)]])
* insert RemsUnit(min, minutes)

* item[+].linkId = "vital-signs"
* item[=].text = "Vital signs"
* item[=].type = #group
* insert RemsItem(vitals-acceptable-pre-dose, boolean, Were vital signs acceptable before dosing?)
* insert RemsItem(vitals-acceptable-end, boolean, Were vital signs acceptable at the end of monitoring?)
* insert RemsBloodPressure(bp-pre-dose, Blood pressure before dosing)
* insert RemsBloodPressure(bp-40min, Blood pressure about 40 minutes after dosing)
* insert RemsBloodPressure(bp-end, Blood pressure before the end of monitoring)
* insert RemsItem(spo2-lowest, integer, [[Lowest oxygen saturation during monitoring (%)]])
* item[=].item[=].code = http://loinc.org#2708-6 "Oxygen saturation in Arterial blood"
* insert RemsUnit(%, %)

* item[+].linkId = "outcomes"
* item[=].text = "Outcomes during monitoring"
* item[=].type = #group
* insert RemsItem(sedation, boolean, Sedation)
* insert RemsItem(dissociation, boolean, Dissociation)
* insert RemsItem(respiratory-depression, boolean, Respiratory depression)
* insert RemsItem(adverse-events, boolean, Any other adverse event?)
* insert RemsItem(adverse-events-description, text, [[Describe the adverse event(s)]])
* item[=].item[=].enableWhen.question = "adverse-events"
* item[=].item[=].enableWhen.operator = #=
* item[=].item[=].enableWhen.answerBoolean = true
