// Local code systems. Used only where no standard code exists (domain file §1, §4):
// SNOMED CT has no concept for ketamine therapy, preparation or integration sessions,
// and several instruments have no (verified) LOINC code.

RuleSet: KapCodeSystemMeta
* ^status = #draft
* ^experimental = false
* ^caseSensitive = true
* ^publisher = "KAP Hub"

CodeSystem: KAPTreatmentPhase
Id: kap-treatment-phase
Title: "KAP Treatment Phase"
Description: "Phases of a ketamine-assisted psychotherapy course. A course moves assessment → preparation → dosing → integration; dosing and integration usually alternate."
* insert KapCodeSystemMeta
* ^content = #complete
* #assessment "Assessment" "Eligibility, diagnosis, baseline measures, medical and REMS screening."
* #preparation "Preparation" "Psychoeducation, intention setting, set-and-setting preparation before the first dose."
* #dosing "Dosing" "Medication sessions with ketamine or esketamine under monitoring."
* #integration "Integration" "Psychotherapy sessions that process and integrate the dosing experiences."
* #maintenance "Maintenance" "Optional booster or maintenance dosing after the induction course."

CodeSystem: KAPActivityKind
Id: kap-activity-kind
Title: "KAP Activity Kind"
Description: "Kinds of activities in a KAP course (CarePlan.activity.detail.code, Appointment/Encounter type)."
* insert KapCodeSystemMeta
* ^content = #complete
* #intake-assessment "Intake assessment" "Psychiatric and medical intake, eligibility for KAP."
* #preparation-session "Preparation session" "Psychotherapy session preparing the patient for dosing."
* #dosing-session "Dosing session" "Monitored ketamine or esketamine medication session."
* #integration-session "Integration session" "Psychotherapy session after a dosing session."
* #outcome-measurement "Outcome measurement" "Administration of standardised instruments (PHQ-9, GAD-7, ...)."
* #rems-monitoring-form "REMS monitoring form" "Completion and submission of the Spravato REMS Patient Monitoring Form (within 7 days of the session)."

CodeSystem: KAPCarePlanCategory
Id: kap-careplan-category
Title: "KAP CarePlan Category"
Description: "Category of a KAP CarePlan. Replaces US Core 'assess-plan', deprecated in US Core 9."
* insert KapCodeSystemMeta
* ^content = #complete
* #kap-course "KAP treatment course" "A course of ketamine-assisted psychotherapy or esketamine treatment."
* #kap-phase-plan "KAP phase plan" "A child plan for one phase of a KAP course (CarePlan.partOf the course)."

CodeSystem: KAPDosingTimepoint
Id: kap-dosing-timepoint
Title: "KAP Dosing Timepoint"
Description: "When, relative to the dose, a session vital sign was taken. Spravato REMS asks for blood pressure before dosing, at about 40 minutes and before the end of monitoring."
* insert KapCodeSystemMeta
* ^content = #complete
* #pre-dose "Pre-dose" "Before the first dose (esketamine: before the first device)."
* #during-dose "During dosing" "While the medication is being given (e.g. during an IV infusion)."
* #post-dose-40min "About 40 minutes post-dose" "About 40 minutes after the dose (REMS blood-pressure check)."
* #end-of-monitoring "End of monitoring" "Before the patient is released at the end of the monitoring period."
* #other "Other" "Any other time during the session."

CodeSystem: KAPScoreInterpretation
Id: kap-score-interpretation
Title: "KAP Score Interpretation"
Description: "Severity bands and screening results for instrument total scores. Band cut-offs per instrument are carried in the Questionnaires (extension kap-score-band) so they can be corrected by data."
* insert KapCodeSystemMeta
* ^content = #complete
* #none-minimal "None–minimal" "PHQ-9 0–4, GAD-7 0–4."
* #mild "Mild" "PHQ-9 5–9, GAD-7 5–9."
* #moderate "Moderate" "PHQ-9 10–14, GAD-7 10–14."
* #moderately-severe "Moderately severe" "PHQ-9 15–19."
* #severe "Severe" "PHQ-9 20–27, GAD-7 15–21."
* #screen-positive "Screen positive" "Score at or above the instrument's screening threshold (e.g. AUDIT-C, PCL-5)."
* #screen-negative "Screen negative" "Score below the instrument's screening threshold."

CodeSystem: KAPInstrument
Id: kap-instrument
Title: "KAP Instrument and Score Codes"
Description: "Instruments and their total scores that have no verified LOINC code. Licensed or unclear-licence instruments are supported by these codes and scores only; KAP Hub never ships their item text."
* insert KapCodeSystemMeta
* ^content = #complete
* #madrs "MADRS" "Montgomery–Åsberg Depression Rating Scale (10 items × 0–6). Licence terms unclear: codes and scores only."
* #madrs-total "MADRS total score" "MADRS total score, 0–60."
* #qids-sr16 "QIDS-SR16" "Quick Inventory of Depressive Symptomatology, self-report 16 items. Codes and scores only."
* #qids-sr16-total "QIDS-SR16 total score" "QIDS-SR16 total score, 0–27 (9 domains, maximum item per domain)."
* #cadss "CADSS" "Clinician-Administered Dissociative States Scale. Codes and scores only."
* #cadss-total "CADSS total score" "CADSS total score (23 items)."
* #cadss-6-total "CADSS-6 total score" "CADSS-6 short form total (items 1, 2, 6, 7, 15, 22)."
* #ybocs "Y-BOCS" "Yale–Brown Obsessive Compulsive Scale. Codes and scores only."
* #ybocs-total "Y-BOCS total score" "Y-BOCS total score, 0–40."
* #meq-30 "MEQ-30" "Mystical Experience Questionnaire, 30 items. Codes and scores only."
* #meq-30-total "MEQ-30 total score" "MEQ-30 total (mean or sum as reported by the clinic; state the unit)."
* #ebi "EBI" "Emotional Breakthrough Inventory. Codes and scores only."
* #ebi-total "EBI total score" "EBI total (mean of 6 VAS items, 0–100)."
* #bdi-ii-total "BDI-II total score" "Beck Depression Inventory-II total score, 0–63 (commercial instrument, Pearson: scores only)."
* #cssrs-screener-risk "C-SSRS screener risk level (local)" "Local fallback for the C-SSRS screener risk level when LOINC 93374-7 is not used (licensed instrument, Clario: codes and scores only)."
* #pcl5-item "PCL-5 item" "A PCL-5 item (public domain). Used as Questionnaire item code until the LOINC item codes are verified."

CodeSystem: KAPPCL5Response
Id: kap-pcl5-response
Title: "KAP PCL-5 Response"
Description: "Response scale of the PCL-5 (0 Not at all … 4 Extremely). Local codes because the LOINC answer codes for the PCL-5 (LOINC 101697-1) were not verified; replace by LOINC LA codes in a later version."
* insert KapCodeSystemMeta
* ^content = #complete
* #0 "Not at all"
* #1 "A little bit"
* #2 "Moderately"
* #3 "Quite a bit"
* #4 "Extremely"

CodeSystem: KAPRemsDose
Id: kap-rems-dose
Title: "KAP Spravato REMS Dose Choice"
Description: "Dose choices on the Spravato REMS Patient Monitoring Form (56 mg, 84 mg, other)."
* insert KapCodeSystemMeta
* ^content = #complete
* #56mg "56 mg" "Two 28 mg devices."
* #84mg "84 mg" "Three 28 mg devices."
* #other "Other" "Another dose (e.g. 28 mg); give the dose in mg."
