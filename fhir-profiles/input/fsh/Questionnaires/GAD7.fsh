// GAD-7. © Pfizer; no permission required to reproduce, translate, display or distribute.
// Item 2 (68509-9): LOINC's answer list uses LA18938-3 "More days than not" where the paper
// form says "More than half the days" (LA6570-1). Both are offered and both score 2.
Instance: gad-7
InstanceOf: Questionnaire
Usage: #definition
Title: "GAD-7 Generalized Anxiety Disorder 7-item scale"
Description: "Generalized Anxiety Disorder-7 (GAD-7) with LOINC item and answer codes. Items gad7-q1…gad7-q7 are scored 0–3 (itemWeight); gad7-total (LOINC 70274-6, 0–21) carries the severity bands."
* insert KapQuestionnaireMeta(gad-7)
* name = "GAD7"
* title = "GAD-7 Generalized Anxiety Disorder 7-item scale"
* code = http://loinc.org#69737-5 "Generalized anxiety disorder 7 item (GAD-7)"
* copyright = "GAD-7: developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute. This material contains content from LOINC (http://loinc.org). LOINC is copyright © Regenstrief Institute, Inc. and the Logical Observation Identifiers Names and Codes (LOINC) Committee and is available at no cost under the license at http://loinc.org/license."
* insert IntroItem(gad7-intro, Over the last 2 weeks\, how often have you been bothered by the following problems?)
* insert ScoredLoincItem(gad7-q1, 69725-0, [[Feeling nervous, anxious, or on edge]])
* insert FrequencyAnswers
* insert ScoredLoincItem(gad7-q2, 68509-9, Not being able to stop or control worrying)
* insert FrequencyAnswers
* insert LoincAnswer(LA18938-3, More days than not, 2)
* insert ScoredLoincItem(gad7-q3, 69733-4, Worrying too much about different things)
* insert FrequencyAnswers
* insert ScoredLoincItem(gad7-q4, 69734-2, Trouble relaxing)
* insert FrequencyAnswers
* insert ScoredLoincItem(gad7-q5, 69735-9, Being so restless that it is hard to sit still)
* insert FrequencyAnswers
* insert ScoredLoincItem(gad7-q6, 69689-8, Becoming easily annoyed or irritable)
* insert FrequencyAnswers
* insert ScoredLoincItem(gad7-q7, 69736-7, [[Feeling afraid, as if something awful might happen]])
* insert FrequencyAnswers
* insert TotalItem(gad7-total, http://loinc.org, 70274-6, GAD-7 total score, 0, 21)
* insert ScoreBand(0, 4, none-minimal)
* insert ScoreBand(5, 9, mild)
* insert ScoreBand(10, 14, moderate)
* insert ScoreBand(15, 21, severe)
