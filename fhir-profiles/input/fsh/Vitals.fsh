// KAP vital signs during dosing sessions. Each derives from the FHIR R4 base vital-signs
// profile for that sign (bp, heartrate, oxygensat, resprate), so the LOINC code, category,
// value type and UCUM unit come from the base profile. KAP adds the timepoint relative to the
// dose (REMS: BP before, at ~40 min, at end) and links to the session.

RuleSet: KapDosingVitalSign
* ^status = #draft
* extension contains KAPDosingTimepointExt named dosingTimepoint 0..1 MS
* extension[dosingTimepoint] ^short = "pre-dose | during-dose | post-dose-40min | end-of-monitoring | other"
* subject only Reference(KAPPatient)
* encounter MS
* encounter ^short = "The dosing-session Encounter"
* partOf MS
* partOf only Reference(MedicationAdministration)
* partOf ^short = "The (ketamine or esketamine) administration being monitored"
* performer MS
* device MS

Profile: KAPBloodPressure
Parent: $bp
Id: kap-blood-pressure
Title: "KAP Blood Pressure"
Description: "Blood pressure (LOINC 85354-9 panel with 8480-6 systolic and 8462-4 diastolic, mm[Hg]) taken during a KAP or esketamine dosing session."
* insert KapDosingVitalSign

Profile: KAPHeartRate
Parent: $heartrate
Id: kap-heart-rate
Title: "KAP Heart Rate"
Description: "Heart rate (LOINC 8867-4, /min) taken during a KAP dosing session."
* insert KapDosingVitalSign

Profile: KAPOxygenSaturation
Parent: $oxygensat
Id: kap-oxygen-saturation
Title: "KAP Oxygen Saturation"
Description: "Oxygen saturation (LOINC 2708-6, %) taken during a KAP dosing session. Senders should add LOINC 59408-5 (pulse oximetry) as a second coding: US Core requires both."
* insert KapDosingVitalSign
* code.coding contains PulseOxCode 0..1 MS
// The base slicing discriminates on fixed code and system values (not on a pattern).
* code.coding[PulseOxCode].system 1..1
* code.coding[PulseOxCode].system = $loinc (exactly)
* code.coding[PulseOxCode].code 1..1
* code.coding[PulseOxCode].code = #59408-5 (exactly)
* code.coding[PulseOxCode] ^short = "59408-5 Oxygen saturation by pulse oximetry (US Core)"

Profile: KAPRespiratoryRate
Parent: $resprate
Id: kap-respiratory-rate
Title: "KAP Respiratory Rate"
Description: "Respiratory rate (LOINC 9279-1, /min) taken during a KAP dosing session (respiratory depression monitoring)."
* insert KapDosingVitalSign
