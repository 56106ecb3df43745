// PCL-5 (PTSD Checklist for DSM-5): public domain, VA National Center for PTSD.
// Panel 101697-1 and total 101698-9 are LOINC; the item and answer LOINC codes were not verified,
// so items carry no code and answers use the local kap-pcl5-response scale (0–4).
RuleSet: Pcl5Item(n, text)
* item[+].linkId = "pcl5-q{n}"
* item[=].prefix = "{n}."
* item[=].text = "{text}"
* item[=].type = #choice
* item[=].required = true
* insert Pcl5Answer(0, Not at all)
* insert Pcl5Answer(1, A little bit)
* insert Pcl5Answer(2, Moderately)
* insert Pcl5Answer(3, Quite a bit)
* insert Pcl5Answer(4, Extremely)

RuleSet: Pcl5Answer(score, display)
* item[=].answerOption[+].valueCoding = https://fhir.kaphub.org/CodeSystem/kap-pcl5-response#{score} "{display}"
* item[=].answerOption[=].extension[+].url = "http://hl7.org/fhir/StructureDefinition/itemWeight"
* item[=].answerOption[=].extension[=].valueDecimal = {score}

Instance: pcl-5
InstanceOf: Questionnaire
Usage: #definition
Title: "PCL-5 PTSD Checklist for DSM-5"
Description: "PTSD Checklist for DSM-5 (PCL-5), past-month version. Items pcl5-q1…pcl5-q20 are scored 0–4 (itemWeight); pcl5-total (LOINC 101698-9, 0–80) carries the screening bands (provisional PTSD at 33 or more; the literature gives 31–33, the cut-off is data and can be changed)."
* insert KapQuestionnaireMeta(pcl-5)
* name = "PCL5"
* title = "PCL-5 PTSD Checklist for DSM-5"
* code = http://loinc.org#101697-1
* copyright = "PCL-5: Weathers, F.W., Litz, B.T., Keane, T.M., Palmieri, P.A., Marx, B.P., & Schnurr, P.P. (2013). The PTSD Checklist for DSM-5 (PCL-5). National Center for PTSD; public domain. This material contains content from LOINC (http://loinc.org), available at no cost under the license at http://loinc.org/license."
* insert IntroItem(pcl5-intro, [[Below is a list of problems that people sometimes have in response to a very stressful experience. Please read each problem carefully and then indicate how much you have been bothered by that problem in the past month.]])
* insert Pcl5Item(1, [[Repeated, disturbing, and unwanted memories of the stressful experience?]])
* insert Pcl5Item(2, [[Repeated, disturbing dreams of the stressful experience?]])
* insert Pcl5Item(3, [[Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?]])
* insert Pcl5Item(4, [[Feeling very upset when something reminded you of the stressful experience?]])
* insert Pcl5Item(5, [[Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?]])
* insert Pcl5Item(6, [[Avoiding memories, thoughts, or feelings related to the stressful experience?]])
* insert Pcl5Item(7, [[Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?]])
* insert Pcl5Item(8, [[Trouble remembering important parts of the stressful experience?]])
* insert Pcl5Item(9, [[Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?]])
* insert Pcl5Item(10, [[Blaming yourself or someone else for the stressful experience or what happened after it?]])
* insert Pcl5Item(11, [[Having strong negative feelings such as fear, horror, anger, guilt, or shame?]])
* insert Pcl5Item(12, [[Loss of interest in activities that you used to enjoy?]])
* insert Pcl5Item(13, [[Feeling distant or cut off from other people?]])
* insert Pcl5Item(14, [[Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?]])
* insert Pcl5Item(15, [[Irritable behavior, angry outbursts, or acting aggressively?]])
* insert Pcl5Item(16, [[Taking too many risks or doing things that could cause you harm?]])
* insert Pcl5Item(17, [[Being \"superalert\" or watchful or on guard?]])
* insert Pcl5Item(18, [[Feeling jumpy or easily startled?]])
* insert Pcl5Item(19, [[Having difficulty concentrating?]])
* insert Pcl5Item(20, [[Trouble falling or staying asleep?]])
* insert TotalItem(pcl5-total, http://loinc.org, 101698-9, PCL-5 total score, 0, 80)
* insert ScoreBand(0, 32, screen-negative)
* insert ScoreBand(33, 80, screen-positive)
