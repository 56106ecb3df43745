// PHQ-9. © Pfizer; no permission required to reproduce, translate, display or distribute.
// Item codes and answers: LOINC (HL7 PCO IG Questionnaire 44249-1).
Instance: phq-9
InstanceOf: Questionnaire
Usage: #definition
Title: "PHQ-9 Patient Health Questionnaire"
Description: "Patient Health Questionnaire-9 (PHQ-9) with LOINC item and answer codes. Items phq9-q1…phq9-q9 are scored 0–3 (itemWeight); phq9-difficulty is not scored; phq9-total (LOINC 44261-6, 0–27) carries the severity bands."
* insert KapQuestionnaireMeta(phq-9)
* name = "PHQ9"
* title = "PHQ-9 Patient Health Questionnaire"
* code = http://loinc.org#44249-1 "PHQ-9 quick depression assessment panel [Reported.PHQ]"
* copyright = "PHQ-9: developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute. This material contains content from LOINC (http://loinc.org). LOINC is copyright © Regenstrief Institute, Inc. and the Logical Observation Identifiers Names and Codes (LOINC) Committee and is available at no cost under the license at http://loinc.org/license."
* insert IntroItem(phq9-intro, Over the last 2 weeks\, how often have you been bothered by any of the following problems?)
* insert ScoredLoincItem(phq9-q1, 44250-9, Little interest or pleasure in doing things)
* insert FrequencyAnswers
* insert ScoredLoincItem(phq9-q2, 44255-8, [[Feeling down, depressed, or hopeless]])
* insert FrequencyAnswers
* insert ScoredLoincItem(phq9-q3, 44259-0, [[Trouble falling or staying asleep, or sleeping too much]])
* insert FrequencyAnswers
* insert ScoredLoincItem(phq9-q4, 44254-1, Feeling tired or having little energy)
* insert FrequencyAnswers
* insert ScoredLoincItem(phq9-q5, 44251-7, Poor appetite or overeating)
* insert FrequencyAnswers
* insert ScoredLoincItem(phq9-q6, 44258-2, [[Feeling bad about yourself - or that you are a failure or have let yourself or your family down]])
* insert FrequencyAnswers
* insert ScoredLoincItem(phq9-q7, 44252-5, [[Trouble concentrating on things, such as reading the newspaper or watching television]])
* insert FrequencyAnswers
* insert ScoredLoincItem(phq9-q8, 44253-3, [[Moving or speaking so slowly that other people could have noticed. Or the opposite - being so fidgety or restless that you have been moving around a lot more than usual]])
* insert FrequencyAnswers
* insert ScoredLoincItem(phq9-q9, 44260-8, [[Thoughts that you would be better off dead, or of hurting yourself in some way]])
* insert FrequencyAnswers
// Not scored: no itemWeight on these options.
* item[+].linkId = "phq9-difficulty"
* item[=].code = http://loinc.org#69722-7
* item[=].text = "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?"
* item[=].type = #choice
* item[=].required = false
* item[=].answerOption[+].valueCoding = http://loinc.org#LA6572-7 "Not difficult at all"
* item[=].answerOption[+].valueCoding = http://loinc.org#LA6573-5 "Somewhat difficult"
* item[=].answerOption[+].valueCoding = http://loinc.org#LA6575-0 "Very difficult"
* item[=].answerOption[+].valueCoding = http://loinc.org#LA6574-3 "Extremely difficult"
* insert TotalItem(phq9-total, http://loinc.org, 44261-6, PHQ-9 total score, 0, 27)
* insert ScoreBand(0, 4, none-minimal)
* insert ScoreBand(5, 9, mild)
* insert ScoreBand(10, 14, moderate)
* insert ScoreBand(15, 19, moderately-severe)
* insert ScoreBand(20, 27, severe)
