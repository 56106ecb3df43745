// KAP MedicationRequest: the order for a course of ketamine or esketamine sessions.
// Required: the base essentials (status, intent, medication, subject) and the prescriber —
// ketamine and esketamine are Schedule III controlled substances; an order without a prescriber
// cannot be acted on.
Profile: KAPMedicationRequest
Parent: MedicationRequest
Id: kap-medicationrequest
Title: "KAP MedicationRequest"
Description: "An order for ketamine or esketamine in a KAP course. Requires status, intent, medication, patient and the prescriber (requester: controlled substance); the dosing instruction, reason and course are must-support."
* ^status = #draft
* identifier MS
* status MS
* intent MS
* medication[x] MS
* medication[x] from KAPMedications (extensible)
* subject only Reference(KAPPatient)
* subject MS
* encounter MS
* authoredOn MS
* requester 1..1 MS
* requester ^short = "Prescriber (required: Schedule III controlled substance)"
* reasonCode MS
* reasonReference MS
* reasonReference only Reference(KAPCondition or Observation)
* basedOn MS
* basedOn ^short = "The KAP CarePlan (course) this order belongs to"
* courseOfTherapyType MS
* note MS
* dosageInstruction MS
* dosageInstruction.text MS
* dosageInstruction.timing MS
* dosageInstruction.route MS
* dosageInstruction.route from KAPAdministrationRoutes (extensible)
* dosageInstruction.doseAndRate MS
* dosageInstruction.doseAndRate.dose[x] MS
* dosageInstruction.doseAndRate.rate[x] MS
* dispenseRequest MS
* dispenseRequest.numberOfRepeatsAllowed MS
