// KAP CarePlan: one plan per treatment course. Phases are codes (kap-treatment-phase) on each
// activity and, for the course as a whole, the phase it is currently in. Sessions are
// referenced as Appointments / MedicationRequests / ServiceRequests; what actually happened
// is linked through activity.outcomeReference (Encounter, MedicationAdministration, ...).
Profile: KAPCarePlan
Parent: CarePlan
Id: kap-careplan
Title: "KAP CarePlan"
Description: "A KAP treatment course (assessment → preparation → dosing → integration). Requires the KAP course category and the patient; phases, goals (e.g. PHQ-9 < 5), addressed conditions and session activities are must-support."
* ^status = #draft
* extension contains KAPTreatmentPhaseExt named currentPhase 0..1 MS
* extension[currentPhase] ^short = "Phase the course is currently in"
* identifier MS
* basedOn MS
* partOf MS
* partOf ^short = "For a phase plan (category kap-phase-plan): the course it belongs to"
* status MS
* intent MS
// The category tells the server this CarePlan is a KAP course (or a phase plan of one).
// An invariant rather than a slice: other categories (local or US Core) may sit beside it.
* category 1..* MS
* category ^short = "Must include a kap-careplan-category code (kap-course or kap-phase-plan)"
* obeys kap-cp-1
* title MS
* description MS
* subject only Reference(KAPPatient)
* subject MS
* period MS
* created MS
* author MS
* careTeam MS
* addresses MS
* addresses only Reference(KAPCondition)
* goal MS
* goal ^short = "Treatment goals, e.g. PHQ-9 total < 5 (remission)"
* activity MS
* activity.extension contains KAPTreatmentPhaseExt named phase 0..1 MS
* activity.extension[phase] ^short = "Phase this activity belongs to"
* activity.outcomeReference MS
* activity.outcomeReference ^short = "What happened: Encounter, MedicationAdministration, QuestionnaireResponse, Observation"
* activity.reference MS
* activity.reference only Reference(Appointment or MedicationRequest or ServiceRequest or Task or RequestGroup or CommunicationRequest)
* activity.detail MS
* activity.detail.kind MS
* activity.detail.code MS
* activity.detail.code from KAPActivityKinds (extensible)
* activity.detail.status MS
* activity.detail.scheduled[x] MS
* note MS

Invariant: kap-cp-1
Description: "A KAP CarePlan carries a category from the KAP CarePlan Category code system (kap-course or kap-phase-plan)."
Severity: #error
Expression: "category.coding.where(system = 'https://fhir.kaphub.org/CodeSystem/kap-careplan-category' and (code = 'kap-course' or code = 'kap-phase-plan')).exists()"
