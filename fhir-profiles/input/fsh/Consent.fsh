// KAP Part 2 Consent: a patient's written consent to disclose records protected by
// 42 CFR Part 2 (substance use disorder treatment records, labelled ETH / 42CFRPart2 / R).
// KAP Hub releases a Part 2-labelled resource to a partner only under an active consent of
// this profile whose provision covers that partner (actor), purpose and period.
Profile: KAPPart2Consent
Parent: Consent
Id: kap-part2-consent
Title: "KAP 42 CFR Part 2 Consent"
Description: "Consent to disclose 42 CFR Part 2-protected information. Requires status, patient-privacy scope, the patient, policyRule 42CFRPart2 and one provision (permit or deny). Recipient, purpose, expiration (period), covered labels and the signed form are must-support."
* ^status = #draft
* status MS
* scope MS
* scope = $consentscope#patient-privacy
* category MS
* category ^short = "e.g. LOINC 59284-0 Patient Consent and v3-ActCode IDSCL (information disclosure)"
* patient 1..1 MS
* patient only Reference(KAPPatient)
* dateTime MS
* dateTime ^short = "Date the consent was signed"
* performer MS
* performer ^short = "Who signed (the patient or a legal representative)"
* organization MS
* organization ^short = "The Part 2 program permitted to disclose"
* source[x] MS
* source[x] ^short = "The signed consent form"
* policy MS
* policyRule 1..1 MS
* policyRule = $v3-ActCode#42CFRPart2
* verification MS
* provision 1..1 MS
* provision.type 1..1 MS
* provision.period MS
* provision.period ^short = "Validity; period.end is the expiration date Part 2 requires"
* provision.actor MS
* provision.actor ^short = "Recipient(s) of the disclosure (role IRCP) and the disclosing program"
* provision.actor.role MS
* provision.actor.reference MS
* provision.action MS
* provision.securityLabel MS
* provision.securityLabel from KAPPart2SecurityLabels (extensible)
* provision.securityLabel ^short = "Which labelled information the consent covers (ETH, 42CFRPart2)"
* provision.purpose MS
* provision.purpose ^short = "Purpose of disclosure, e.g. TREAT, HPAYMT"
* provision.class MS
* provision.data MS
* provision.provision MS
