// Value sets. Codes marked UNVERIFIED in the domain file are kept, but every binding to a value
// set that contains them is extensible, so a corrected code in the data is never rejected.

RuleSet: KapValueSetMeta
* ^status = #draft
* ^experimental = false
* ^publisher = "KAP Hub"

ValueSet: KAPKetamineMedications
Id: kap-ketamine-medications
Title: "KAP Ketamine Medications"
Description: "Racemic ketamine (RxNorm). Only the ingredient 6130 is commonly cited; the clinical drugs 238082/238083/238084 (238083 = 100 mg/mL injection) and Ketalar branded drugs 206967/206970/206972 are UNVERIFIED and kept for review — bindings to this set are extensible."
* insert KapValueSetMeta
* $rxnorm#6130 "ketamine"
* $rxnorm#238082
* $rxnorm#238083
* $rxnorm#238084
* $rxnorm#206967
* $rxnorm#206970
* $rxnorm#206972

ValueSet: KAPEsketamineMedications
Id: kap-esketamine-medications
Title: "KAP Esketamine Medications"
Description: "Esketamine nasal spray: RxNorm 2201623 (SCDF) and 2201625 (Spravato SBDF), both verified; NDC 50458-028-00 (single 28 mg device), 50458-028-02 (56 mg kit), 50458-028-03 (84 mg kit)."
* insert KapValueSetMeta
* $rxnorm#2201623 "esketamine Nasal Spray"
* $rxnorm#2201625 "esketamine Nasal Spray [Spravato]"
* $ndc#50458-028-00  // single 28 mg device
* $ndc#50458-028-02  // 56 mg kit
* $ndc#50458-028-03  // 84 mg kit

ValueSet: KAPMedications
Id: kap-medications
Title: "KAP Medications"
Description: "All medications of a KAP course: racemic ketamine and esketamine."
* insert KapValueSetMeta
* include codes from valueset KAPKetamineMedications
* include codes from valueset KAPEsketamineMedications

ValueSet: KAPAdministrationRoutes
Id: kap-administration-routes
Title: "KAP Administration Routes"
Description: "Routes for ketamine and esketamine: IV, IM, sublingual, oral, nasal. SNOMED CT codes, plus HL7 v2 table 0162 codes as sent in RXR-1 by v2 partners. Sublingual 37839007 and oral 26643006 are UNVERIFIED in the domain file."
* insert KapValueSetMeta
* $sct#47625008 "Intravenous route"
* $sct#78421000 "Intramuscular route"
* $sct#37839007 "Sublingual route"
* $sct#26643006 "Oral route"
* $sct#46713006 "Nasal route"
* $v2-0162#IV "Intravenous"
* $v2-0162#IM "Intramuscular"
* $v2-0162#SL "Sublingual"
* $v2-0162#PO "Oral"
* $v2-0162#NS "Nasal"
* $v2-0162#IN "Intranasal"

ValueSet: KAPNasalRoutes
Id: kap-nasal-routes
Title: "KAP Nasal Routes"
Description: "The nasal route, for esketamine nasal spray."
* insert KapValueSetMeta
* $sct#46713006 "Nasal route"
* $v2-0162#NS "Nasal"
* $v2-0162#IN "Intranasal"

ValueSet: KAPDiagnoses
Id: kap-diagnoses
Title: "KAP Diagnoses"
Description: "Indications and comorbidities commonly seen in KAP (ICD-10-CM). There is no code for treatment-resistant depression: code the F32/F33 diagnosis and set the kap-treatment-resistant extension. F11.20 is UNVERIFIED. Binding is extensible: other ICD-10-CM or SNOMED CT codes may be used."
* insert KapValueSetMeta
* $icd10cm#F32.2 "Major depressive disorder, single episode, severe without psychotic features"
* $icd10cm#F32.9 "Major depressive disorder, single episode, unspecified"
* $icd10cm#F33.1 "Major depressive disorder, recurrent, moderate"
* $icd10cm#F33.2 "Major depressive disorder, recurrent severe without psychotic features"
* $icd10cm#F33.9 "Major depressive disorder, recurrent, unspecified"
* $icd10cm#F43.10 "Post-traumatic stress disorder, unspecified"
* $icd10cm#F43.12 "Post-traumatic stress disorder, chronic"
* $icd10cm#F10.10 "Alcohol abuse, uncomplicated"
* $icd10cm#F10.20 "Alcohol dependence, uncomplicated"
* $icd10cm#F11.20 "Opioid dependence, uncomplicated"
* $icd10cm#F42.2 "Mixed obsessional thoughts and acts"
* $icd10cm#F42.9 "Obsessive-compulsive disorder, unspecified"

ValueSet: KAPInstruments
Id: kap-instruments
Title: "KAP Instruments"
Description: "Instruments used in KAP (LOINC panel codes where they exist, else local kap-instrument codes). C-SSRS (Clario) and BDI-II (Pearson) are licensed: supported by codes and scores only."
* insert KapValueSetMeta
* $loinc#44249-1 "PHQ-9 quick depression assessment panel [Reported.PHQ]"
* $loinc#69737-5 "Generalized anxiety disorder 7 item (GAD-7)"
* $loinc#101697-1
* $loinc#72109-2 "Alcohol Use Disorder Identification Test - Consumption [AUDIT-C]"
* $loinc#93373-9
* KAPInstrument#madrs "MADRS"
* KAPInstrument#qids-sr16 "QIDS-SR16"
* KAPInstrument#cadss "CADSS"
* KAPInstrument#ybocs "Y-BOCS"
* KAPInstrument#meq-30 "MEQ-30"
* KAPInstrument#ebi "EBI"

ValueSet: KAPScoreCodes
Id: kap-score-codes
Title: "KAP Score Codes"
Description: "Codes for instrument total scores and risk levels (Observation.code of a KAP Score Observation)."
* insert KapValueSetMeta
* $loinc#44261-6 "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"
* $loinc#70274-6 "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"
* $loinc#101698-9
* $loinc#75626-2 "Total score [AUDIT-C]"
* $loinc#93374-7
* KAPInstrument#madrs-total "MADRS total score"
* KAPInstrument#qids-sr16-total "QIDS-SR16 total score"
* KAPInstrument#cadss-total "CADSS total score"
* KAPInstrument#cadss-6-total "CADSS-6 total score"
* KAPInstrument#ybocs-total "Y-BOCS total score"
* KAPInstrument#meq-30-total "MEQ-30 total score"
* KAPInstrument#ebi-total "EBI total score"
* KAPInstrument#bdi-ii-total "BDI-II total score"
* KAPInstrument#cssrs-screener-risk "C-SSRS screener risk level (local)"

ValueSet: KAPTreatmentPhases
Id: kap-treatment-phases
Title: "KAP Treatment Phases"
Description: "All KAP treatment phases."
* insert KapValueSetMeta
* include codes from system KAPTreatmentPhase

ValueSet: KAPActivityKinds
Id: kap-activity-kinds
Title: "KAP Activity Kinds"
Description: "All KAP activity kinds."
* insert KapValueSetMeta
* include codes from system KAPActivityKind

ValueSet: KAPCarePlanCategories
Id: kap-careplan-categories
Title: "KAP CarePlan Categories"
Description: "All KAP CarePlan categories."
* insert KapValueSetMeta
* include codes from system KAPCarePlanCategory

ValueSet: KAPDosingTimepoints
Id: kap-dosing-timepoints
Title: "KAP Dosing Timepoints"
Description: "All KAP dosing timepoints."
* insert KapValueSetMeta
* include codes from system KAPDosingTimepoint

ValueSet: KAPScoreInterpretations
Id: kap-score-interpretations
Title: "KAP Score Interpretations"
Description: "Severity bands and screening results for KAP instrument scores."
* insert KapValueSetMeta
* include codes from system KAPScoreInterpretation

ValueSet: KAPPart2SecurityLabels
Id: kap-part2-security-labels
Title: "KAP 42 CFR Part 2 Security Labels"
Description: "Security labels (meta.security) for records protected by 42 CFR Part 2: ETH (substance abuse information sensitivity), 42CFRPart2 (privacy law), R (restricted confidentiality). A resource labelled ETH must not be disclosed to a partner without a KAP Part 2 Consent that covers it."
* insert KapValueSetMeta
* $v3-ActCode#ETH "substance abuse information sensitivity"
* $v3-ActCode#42CFRPart2 "42 CFR Part2"
* $v3-Confidentiality#R "restricted"

ValueSet: KAPPCL5Responses
Id: kap-pcl5-responses
Title: "KAP PCL-5 Responses"
Description: "PCL-5 response scale."
* insert KapValueSetMeta
* include codes from system KAPPCL5Response
