// KAP QuestionnaireResponse: answers to a KAP Questionnaire (PHQ-9, GAD-7, PCL-5, AUDIT-C,
// REMS monitoring form). Which questionnaire, whose and when are required: without them the
// answers cannot be scored or trended.
Profile: KAPQuestionnaireResponse
Parent: QuestionnaireResponse
Id: kap-questionnaireresponse
Title: "KAP QuestionnaireResponse"
Description: "Answers to a KAP instrument or the REMS Patient Monitoring Form. Requires the Questionnaire canonical, status, the patient and the authored time; answers use the Questionnaire's linkIds."
* ^status = #draft
* identifier MS
* basedOn MS
* basedOn ^short = "The KAP CarePlan (course) that scheduled the measurement"
* partOf MS
* questionnaire 1..1 MS
* questionnaire ^short = "Canonical of the Questionnaire, e.g. https://fhir.kaphub.org/Questionnaire/phq-9"
* status MS
* subject 1..1 MS
* subject only Reference(KAPPatient)
* encounter MS
* encounter ^short = "The session Encounter; for the REMS form it links the form to the esketamine administration of that session"
* authored 1..1 MS
* author MS
* source MS
* item MS
* item.linkId MS
* item.text MS
* item.answer MS
* item.answer.value[x] MS
* item.item MS
