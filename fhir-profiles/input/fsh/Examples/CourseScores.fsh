// Generated once from answer tables and kept as plain FSH: QuestionnaireResponses and the
// KAP Score Observations derived from them. Totals = sum of itemWeight of the chosen options;
// interpretation = the kap-score-band of the Questionnaire that contains the total.

Instance: kap-example-qr-phq9-1
InstanceOf: KAPQuestionnaireResponse
Usage: #example
Description: "PHQ-9 Patient Health Questionnaire answers, 2025-01-06."
* questionnaire = "https://fhir.kaphub.org/Questionnaire/phq-9"
* status = #completed
* subject = Reference(kap-example-patient)
* authored = "2025-01-06T09:15:00-05:00"
* source = Reference(kap-example-patient)
* encounter = Reference(kap-example-enc-intake)
* item[0].linkId = "phq9-q1"
* item[0].text = "Little interest or pleasure in doing things"
* item[0].answer.valueCoding = http://loinc.org#LA6571-9 "Nearly every day"
* item[1].linkId = "phq9-q2"
* item[1].text = "Feeling down, depressed, or hopeless"
* item[1].answer.valueCoding = http://loinc.org#LA6571-9 "Nearly every day"
* item[2].linkId = "phq9-q3"
* item[2].text = "Trouble falling or staying asleep, or sleeping too much"
* item[2].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[3].linkId = "phq9-q4"
* item[3].text = "Feeling tired or having little energy"
* item[3].answer.valueCoding = http://loinc.org#LA6571-9 "Nearly every day"
* item[4].linkId = "phq9-q5"
* item[4].text = "Poor appetite or overeating"
* item[4].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[5].linkId = "phq9-q6"
* item[5].text = "Feeling bad about yourself - or that you are a failure or have let yourself or your family down"
* item[5].answer.valueCoding = http://loinc.org#LA6571-9 "Nearly every day"
* item[6].linkId = "phq9-q7"
* item[6].text = "Trouble concentrating on things, such as reading the newspaper or watching television"
* item[6].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[7].linkId = "phq9-q8"
* item[7].text = "Moving or speaking so slowly that other people could have noticed. Or the opposite - being so fidgety or restless that you have been moving around a lot more than usual"
* item[7].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[8].linkId = "phq9-q9"
* item[8].text = "Thoughts that you would be better off dead, or of hurting yourself in some way"
* item[8].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[9].linkId = "phq9-difficulty"
* item[9].text = "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?"
* item[9].answer.valueCoding = http://loinc.org#LA6575-0 "Very difficult"
* item[10].linkId = "phq9-total"
* item[10].text = "PHQ-9 total score"
* item[10].answer.valueInteger = 22
Instance: kap-example-score-phq9-1
InstanceOf: KAPScoreObservation
Usage: #example
Description: "PHQ-9 total 22 (severe), 2025-01-06."
* insert ScoreObservation(44261-6, [[PHQ-9 total score]], kap-example-patient, 2025-01-06T09:15:00-05:00, kap-example-qr-phq9-1, 22, severe)
* encounter = Reference(kap-example-enc-intake)

Instance: kap-example-qr-phq9-2
InstanceOf: KAPQuestionnaireResponse
Usage: #example
Description: "PHQ-9 Patient Health Questionnaire answers, 2025-01-20."
* questionnaire = "https://fhir.kaphub.org/Questionnaire/phq-9"
* status = #completed
* subject = Reference(kap-example-patient)
* authored = "2025-01-20T09:40:00-05:00"
* source = Reference(kap-example-patient)
* encounter = Reference(kap-example-enc-dosing-3)
* item[0].linkId = "phq9-q1"
* item[0].text = "Little interest or pleasure in doing things"
* item[0].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[1].linkId = "phq9-q2"
* item[1].text = "Feeling down, depressed, or hopeless"
* item[1].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[2].linkId = "phq9-q3"
* item[2].text = "Trouble falling or staying asleep, or sleeping too much"
* item[2].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[3].linkId = "phq9-q4"
* item[3].text = "Feeling tired or having little energy"
* item[3].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[4].linkId = "phq9-q5"
* item[4].text = "Poor appetite or overeating"
* item[4].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[5].linkId = "phq9-q6"
* item[5].text = "Feeling bad about yourself - or that you are a failure or have let yourself or your family down"
* item[5].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[6].linkId = "phq9-q7"
* item[6].text = "Trouble concentrating on things, such as reading the newspaper or watching television"
* item[6].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[7].linkId = "phq9-q8"
* item[7].text = "Moving or speaking so slowly that other people could have noticed. Or the opposite - being so fidgety or restless that you have been moving around a lot more than usual"
* item[7].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[8].linkId = "phq9-q9"
* item[8].text = "Thoughts that you would be better off dead, or of hurting yourself in some way"
* item[8].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[9].linkId = "phq9-difficulty"
* item[9].text = "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?"
* item[9].answer.valueCoding = http://loinc.org#LA6573-5 "Somewhat difficult"
* item[10].linkId = "phq9-total"
* item[10].text = "PHQ-9 total score"
* item[10].answer.valueInteger = 14
Instance: kap-example-score-phq9-2
InstanceOf: KAPScoreObservation
Usage: #example
Description: "PHQ-9 total 14 (moderate), 2025-01-20."
* insert ScoreObservation(44261-6, [[PHQ-9 total score]], kap-example-patient, 2025-01-20T09:40:00-05:00, kap-example-qr-phq9-2, 14, moderate)
* encounter = Reference(kap-example-enc-dosing-3)

Instance: kap-example-qr-phq9-3
InstanceOf: KAPQuestionnaireResponse
Usage: #example
Description: "PHQ-9 Patient Health Questionnaire answers, 2025-01-30."
* questionnaire = "https://fhir.kaphub.org/Questionnaire/phq-9"
* status = #completed
* subject = Reference(kap-example-patient)
* authored = "2025-01-30T09:40:00-05:00"
* source = Reference(kap-example-patient)
* encounter = Reference(kap-example-enc-dosing-6)
* item[0].linkId = "phq9-q1"
* item[0].text = "Little interest or pleasure in doing things"
* item[0].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[1].linkId = "phq9-q2"
* item[1].text = "Feeling down, depressed, or hopeless"
* item[1].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[2].linkId = "phq9-q3"
* item[2].text = "Trouble falling or staying asleep, or sleeping too much"
* item[2].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[3].linkId = "phq9-q4"
* item[3].text = "Feeling tired or having little energy"
* item[3].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[4].linkId = "phq9-q5"
* item[4].text = "Poor appetite or overeating"
* item[4].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[5].linkId = "phq9-q6"
* item[5].text = "Feeling bad about yourself - or that you are a failure or have let yourself or your family down"
* item[5].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[6].linkId = "phq9-q7"
* item[6].text = "Trouble concentrating on things, such as reading the newspaper or watching television"
* item[6].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[7].linkId = "phq9-q8"
* item[7].text = "Moving or speaking so slowly that other people could have noticed. Or the opposite - being so fidgety or restless that you have been moving around a lot more than usual"
* item[7].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[8].linkId = "phq9-q9"
* item[8].text = "Thoughts that you would be better off dead, or of hurting yourself in some way"
* item[8].answer.valueCoding = http://loinc.org#LA6568-5 "Not at all"
* item[9].linkId = "phq9-difficulty"
* item[9].text = "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?"
* item[9].answer.valueCoding = http://loinc.org#LA6573-5 "Somewhat difficult"
* item[10].linkId = "phq9-total"
* item[10].text = "PHQ-9 total score"
* item[10].answer.valueInteger = 8
Instance: kap-example-score-phq9-3
InstanceOf: KAPScoreObservation
Usage: #example
Description: "PHQ-9 total 8 (mild), 2025-01-30."
* insert ScoreObservation(44261-6, [[PHQ-9 total score]], kap-example-patient, 2025-01-30T09:40:00-05:00, kap-example-qr-phq9-3, 8, mild)
* encounter = Reference(kap-example-enc-dosing-6)

Instance: kap-example-qr-phq9-4
InstanceOf: KAPQuestionnaireResponse
Usage: #example
Description: "PHQ-9 Patient Health Questionnaire answers, 2025-02-14."
* questionnaire = "https://fhir.kaphub.org/Questionnaire/phq-9"
* status = #completed
* subject = Reference(kap-example-patient)
* authored = "2025-02-14T10:00:00-05:00"
* source = Reference(kap-example-patient)
* item[0].linkId = "phq9-q1"
* item[0].text = "Little interest or pleasure in doing things"
* item[0].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[1].linkId = "phq9-q2"
* item[1].text = "Feeling down, depressed, or hopeless"
* item[1].answer.valueCoding = http://loinc.org#LA6568-5 "Not at all"
* item[2].linkId = "phq9-q3"
* item[2].text = "Trouble falling or staying asleep, or sleeping too much"
* item[2].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[3].linkId = "phq9-q4"
* item[3].text = "Feeling tired or having little energy"
* item[3].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[4].linkId = "phq9-q5"
* item[4].text = "Poor appetite or overeating"
* item[4].answer.valueCoding = http://loinc.org#LA6568-5 "Not at all"
* item[5].linkId = "phq9-q6"
* item[5].text = "Feeling bad about yourself - or that you are a failure or have let yourself or your family down"
* item[5].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[6].linkId = "phq9-q7"
* item[6].text = "Trouble concentrating on things, such as reading the newspaper or watching television"
* item[6].answer.valueCoding = http://loinc.org#LA6568-5 "Not at all"
* item[7].linkId = "phq9-q8"
* item[7].text = "Moving or speaking so slowly that other people could have noticed. Or the opposite - being so fidgety or restless that you have been moving around a lot more than usual"
* item[7].answer.valueCoding = http://loinc.org#LA6568-5 "Not at all"
* item[8].linkId = "phq9-q9"
* item[8].text = "Thoughts that you would be better off dead, or of hurting yourself in some way"
* item[8].answer.valueCoding = http://loinc.org#LA6568-5 "Not at all"
* item[9].linkId = "phq9-difficulty"
* item[9].text = "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?"
* item[9].answer.valueCoding = http://loinc.org#LA6572-7 "Not difficult at all"
* item[10].linkId = "phq9-total"
* item[10].text = "PHQ-9 total score"
* item[10].answer.valueInteger = 4
Instance: kap-example-score-phq9-4
InstanceOf: KAPScoreObservation
Usage: #example
Description: "PHQ-9 total 4 (none-minimal), 2025-02-14."
* insert ScoreObservation(44261-6, [[PHQ-9 total score]], kap-example-patient, 2025-02-14T10:00:00-05:00, kap-example-qr-phq9-4, 4, none-minimal)

Instance: kap-example-qr-gad7-1
InstanceOf: KAPQuestionnaireResponse
Usage: #example
Description: "GAD-7 Generalized Anxiety Disorder 7-item scale answers, 2025-01-06."
* questionnaire = "https://fhir.kaphub.org/Questionnaire/gad-7"
* status = #completed
* subject = Reference(kap-example-patient)
* authored = "2025-01-06T09:20:00-05:00"
* source = Reference(kap-example-patient)
* encounter = Reference(kap-example-enc-intake)
* item[0].linkId = "gad7-q1"
* item[0].text = "Feeling nervous, anxious, or on edge"
* item[0].answer.valueCoding = http://loinc.org#LA6571-9 "Nearly every day"
* item[1].linkId = "gad7-q2"
* item[1].text = "Not being able to stop or control worrying"
* item[1].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[2].linkId = "gad7-q3"
* item[2].text = "Worrying too much about different things"
* item[2].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[3].linkId = "gad7-q4"
* item[3].text = "Trouble relaxing"
* item[3].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[4].linkId = "gad7-q5"
* item[4].text = "Being so restless that it is hard to sit still"
* item[4].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[5].linkId = "gad7-q6"
* item[5].text = "Becoming easily annoyed or irritable"
* item[5].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[6].linkId = "gad7-q7"
* item[6].text = "Feeling afraid, as if something awful might happen"
* item[6].answer.valueCoding = http://loinc.org#LA6570-1 "More than half the days"
* item[7].linkId = "gad7-total"
* item[7].text = "GAD-7 total score"
* item[7].answer.valueInteger = 15
Instance: kap-example-score-gad7-1
InstanceOf: KAPScoreObservation
Usage: #example
Description: "GAD-7 total 15 (severe), 2025-01-06."
* insert ScoreObservation(70274-6, [[GAD-7 total score]], kap-example-patient, 2025-01-06T09:20:00-05:00, kap-example-qr-gad7-1, 15, severe)
* encounter = Reference(kap-example-enc-intake)

Instance: kap-example-qr-gad7-2
InstanceOf: KAPQuestionnaireResponse
Usage: #example
Description: "GAD-7 Generalized Anxiety Disorder 7-item scale answers, 2025-01-30."
* questionnaire = "https://fhir.kaphub.org/Questionnaire/gad-7"
* status = #completed
* subject = Reference(kap-example-patient)
* authored = "2025-01-30T09:45:00-05:00"
* source = Reference(kap-example-patient)
* encounter = Reference(kap-example-enc-dosing-6)
* item[0].linkId = "gad7-q1"
* item[0].text = "Feeling nervous, anxious, or on edge"
* item[0].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[1].linkId = "gad7-q2"
* item[1].text = "Not being able to stop or control worrying"
* item[1].answer.valueCoding = http://loinc.org#LA18938-3 "More days than not"
* item[2].linkId = "gad7-q3"
* item[2].text = "Worrying too much about different things"
* item[2].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[3].linkId = "gad7-q4"
* item[3].text = "Trouble relaxing"
* item[3].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[4].linkId = "gad7-q5"
* item[4].text = "Being so restless that it is hard to sit still"
* item[4].answer.valueCoding = http://loinc.org#LA6568-5 "Not at all"
* item[5].linkId = "gad7-q6"
* item[5].text = "Becoming easily annoyed or irritable"
* item[5].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[6].linkId = "gad7-q7"
* item[6].text = "Feeling afraid, as if something awful might happen"
* item[6].answer.valueCoding = http://loinc.org#LA6569-3 "Several days"
* item[7].linkId = "gad7-total"
* item[7].text = "GAD-7 total score"
* item[7].answer.valueInteger = 7
Instance: kap-example-score-gad7-2
InstanceOf: KAPScoreObservation
Usage: #example
Description: "GAD-7 total 7 (mild), 2025-01-30."
* insert ScoreObservation(70274-6, [[GAD-7 total score]], kap-example-patient, 2025-01-30T09:45:00-05:00, kap-example-qr-gad7-2, 7, mild)
* encounter = Reference(kap-example-enc-dosing-6)

Instance: kap-example-qr-pcl5-1
InstanceOf: KAPQuestionnaireResponse
Usage: #example
Description: "PCL-5 PTSD Checklist for DSM-5 answers, 2025-01-06."
* questionnaire = "https://fhir.kaphub.org/Questionnaire/pcl-5"
* status = #completed
* subject = Reference(kap-example-patient)
* authored = "2025-01-06T09:25:00-05:00"
* source = Reference(kap-example-patient)
* encounter = Reference(kap-example-enc-intake)
* item[0].linkId = "pcl5-q1"
* item[0].text = "Repeated, disturbing, and unwanted memories of the stressful experience?"
* item[0].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#1 "A little bit"
* item[1].linkId = "pcl5-q2"
* item[1].text = "Repeated, disturbing dreams of the stressful experience?"
* item[1].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#1 "A little bit"
* item[2].linkId = "pcl5-q3"
* item[2].text = "Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?"
* item[2].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#0 "Not at all"
* item[3].linkId = "pcl5-q4"
* item[3].text = "Feeling very upset when something reminded you of the stressful experience?"
* item[3].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#2 "Moderately"
* item[4].linkId = "pcl5-q5"
* item[4].text = "Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?"
* item[4].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#1 "A little bit"
* item[5].linkId = "pcl5-q6"
* item[5].text = "Avoiding memories, thoughts, or feelings related to the stressful experience?"
* item[5].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#2 "Moderately"
* item[6].linkId = "pcl5-q7"
* item[6].text = "Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?"
* item[6].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#1 "A little bit"
* item[7].linkId = "pcl5-q8"
* item[7].text = "Trouble remembering important parts of the stressful experience?"
* item[7].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#0 "Not at all"
* item[8].linkId = "pcl5-q9"
* item[8].text = "Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?"
* item[8].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#2 "Moderately"
* item[9].linkId = "pcl5-q10"
* item[9].text = "Blaming yourself or someone else for the stressful experience or what happened after it?"
* item[9].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#2 "Moderately"
* item[10].linkId = "pcl5-q11"
* item[10].text = "Having strong negative feelings such as fear, horror, anger, guilt, or shame?"
* item[10].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#2 "Moderately"
* item[11].linkId = "pcl5-q12"
* item[11].text = "Loss of interest in activities that you used to enjoy?"
* item[11].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#1 "A little bit"
* item[12].linkId = "pcl5-q13"
* item[12].text = "Feeling distant or cut off from other people?"
* item[12].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#1 "A little bit"
* item[13].linkId = "pcl5-q14"
* item[13].text = "Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?"
* item[13].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#2 "Moderately"
* item[14].linkId = "pcl5-q15"
* item[14].text = "Irritable behavior, angry outbursts, or acting aggressively?"
* item[14].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#1 "A little bit"
* item[15].linkId = "pcl5-q16"
* item[15].text = "Taking too many risks or doing things that could cause you harm?"
* item[15].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#0 "Not at all"
* item[16].linkId = "pcl5-q17"
* item[16].text = "Being \"superalert\" or watchful or on guard?"
* item[16].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#2 "Moderately"
* item[17].linkId = "pcl5-q18"
* item[17].text = "Feeling jumpy or easily startled?"
* item[17].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#1 "A little bit"
* item[18].linkId = "pcl5-q19"
* item[18].text = "Having difficulty concentrating?"
* item[18].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#2 "Moderately"
* item[19].linkId = "pcl5-q20"
* item[19].text = "Trouble falling or staying asleep?"
* item[19].answer.valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#2 "Moderately"
* item[20].linkId = "pcl5-total"
* item[20].text = "PCL-5 total score"
* item[20].answer.valueInteger = 26
Instance: kap-example-score-pcl5-1
InstanceOf: KAPScoreObservation
Usage: #example
Description: "PCL-5 total 26 (screen-negative) at intake."
* insert ScoreObservation(101698-9, [[PCL-5 total score]], kap-example-patient, 2025-01-06T09:25:00-05:00, kap-example-qr-pcl5-1, 26, screen-negative)


Instance: kap-example-qr-auditc-1
InstanceOf: KAPQuestionnaireResponse
Usage: #example
Description: "AUDIT-C Alcohol Use Disorders Identification Test - Consumption answers, 2025-01-06."
* questionnaire = "https://fhir.kaphub.org/Questionnaire/audit-c"
* status = #completed
* subject = Reference(kap-example-patient)
* authored = "2025-01-06T09:30:00-05:00"
* source = Reference(kap-example-patient)
* encounter = Reference(kap-example-enc-intake)
* item[0].linkId = "auditc-q1"
* item[0].text = "How often do you have a drink containing alcohol?"
* item[0].answer.valueCoding = http://loinc.org#LA18927-6 "2-4 times a month"
* item[1].linkId = "auditc-q2"
* item[1].text = "How many standard drinks containing alcohol do you have on a typical day?"
* item[1].answer.valueCoding = http://loinc.org#LA15695-2 "3 or 4"
* item[2].linkId = "auditc-q3"
* item[2].text = "How often do you have six or more drinks on one occasion?"
* item[2].answer.valueCoding = http://loinc.org#LA18933-4 "Less than monthly"
* item[3].linkId = "auditc-total"
* item[3].text = "AUDIT-C total score"
* item[3].answer.valueInteger = 4
// Part 2: alcohol screening by the SUD program is labelled like the diagnosis it supports.
Instance: kap-example-score-auditc-1
InstanceOf: KAPScoreObservation
Usage: #example
Description: "AUDIT-C total 4 (screen-positive, female threshold 3) at intake."
* insert ScoreObservation(75626-2, [[AUDIT-C total score]], kap-example-patient, 2025-01-06T09:30:00-05:00, kap-example-qr-auditc-1, 4, screen-positive)
* meta.security[0] = $v3-ActCode#ETH "substance abuse information sensitivity"
* meta.security[1] = $v3-ActCode#42CFRPart2 "42 CFR Part2"
* meta.security[2] = $v3-Confidentiality#R "restricted"

