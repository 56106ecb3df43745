// AUDIT-C: public domain (WHO AUDIT, first three questions). Item codes 68519-8 / 68520-6 per
// the domain file; item 1 68518-0 is the standard code but UNVERIFIED there (US Core's example
// uses 68517-2, a different question). Answer codes: LOINC answer lists LL2179-1, LL2180-9,
// LL2181-7 (from secondary sources; re-check against LOINC before release).
Instance: audit-c
InstanceOf: Questionnaire
Usage: #definition
Title: "AUDIT-C Alcohol Use Disorders Identification Test - Consumption"
Description: "AUDIT-C (3 items, each scored 0–4 via itemWeight). auditc-total (LOINC 75626-2, 0–12) carries sex-specific screening bands: positive at 4 or more for men, 3 or more for women (and, conservatively, for other/unknown sex)."
* insert KapQuestionnaireMeta(audit-c)
* name = "AUDITC"
* title = "AUDIT-C Alcohol Use Disorders Identification Test - Consumption"
* code = http://loinc.org#72109-2 "Alcohol Use Disorder Identification Test - Consumption [AUDIT-C]"
* copyright = "AUDIT-C: derived from the WHO Alcohol Use Disorders Identification Test (AUDIT); public domain. This material contains content from LOINC (http://loinc.org), available at no cost under the license at http://loinc.org/license."
* insert ScoredLoincItem(auditc-q1, 68518-0, How often do you have a drink containing alcohol?)
* insert LoincAnswer(LA6270-8, Never, 0)
* insert LoincAnswer(LA18926-8, Monthly or less, 1)
* insert LoincAnswer(LA18927-6, 2-4 times a month, 2)
* insert LoincAnswer(LA18928-4, 2-3 times a week, 3)
* insert LoincAnswer(LA18929-2, 4 or more times a week, 4)
* insert ScoredLoincItem(auditc-q2, 68519-8, How many standard drinks containing alcohol do you have on a typical day?)
* insert LoincAnswer(LA15694-5, 1 or 2, 0)
* insert LoincAnswer(LA15695-2, 3 or 4, 1)
* insert LoincAnswer(LA18930-0, 5 or 6, 2)
* insert LoincAnswer(LA18931-8, 7 to 9, 3)
* insert LoincAnswer(LA18932-6, 10 or more, 4)
* insert ScoredLoincItem(auditc-q3, 68520-6, How often do you have six or more drinks on one occasion?)
* insert LoincAnswer(LA6270-8, Never, 0)
* insert LoincAnswer(LA18933-4, Less than monthly, 1)
* insert LoincAnswer(LA18876-5, Monthly, 2)
* insert LoincAnswer(LA18891-4, Weekly, 3)
* insert LoincAnswer(LA18934-2, Daily or almost daily, 4)
* insert TotalItem(auditc-total, http://loinc.org, 75626-2, AUDIT-C total score, 0, 12)
* insert ScoreBandForSex(0, 3, screen-negative, male)
* insert ScoreBandForSex(4, 12, screen-positive, male)
* insert ScoreBandForSex(0, 2, screen-negative, female)
* insert ScoreBandForSex(3, 12, screen-positive, female)
* insert ScoreBandForSex(0, 2, screen-negative, other)
* insert ScoreBandForSex(3, 12, screen-positive, other)
* insert ScoreBandForSex(0, 2, screen-negative, unknown)
* insert ScoreBandForSex(3, 12, screen-positive, unknown)
