// External code systems (canonical URIs from the FHIR terminology registry)
Alias: $loinc = http://loinc.org
Alias: $sct = http://snomed.info/sct
Alias: $rxnorm = http://www.nlm.nih.gov/research/umls/rxnorm
Alias: $ndc = http://hl7.org/fhir/sid/ndc
Alias: $icd10cm = http://hl7.org/fhir/sid/icd-10-cm
Alias: $ucum = http://unitsofmeasure.org
Alias: $v2-0162 = http://terminology.hl7.org/CodeSystem/v2-0162
Alias: $v2-0203 = http://terminology.hl7.org/CodeSystem/v2-0203
Alias: $v3-ActCode = http://terminology.hl7.org/CodeSystem/v3-ActCode
Alias: $v3-Confidentiality = http://terminology.hl7.org/CodeSystem/v3-Confidentiality
Alias: $v3-ParticipationType = http://terminology.hl7.org/CodeSystem/v3-ParticipationType
Alias: $v3-ActReason = http://terminology.hl7.org/CodeSystem/v3-ActReason
Alias: $v3-RoleCode = http://terminology.hl7.org/CodeSystem/v3-RoleCode
Alias: $v3-ActEncounterCode = http://terminology.hl7.org/CodeSystem/v3-ActCode
Alias: $obs-category = http://terminology.hl7.org/CodeSystem/observation-category
Alias: $condition-clinical = http://terminology.hl7.org/CodeSystem/condition-clinical
Alias: $condition-ver-status = http://terminology.hl7.org/CodeSystem/condition-ver-status
Alias: $condition-category = http://terminology.hl7.org/CodeSystem/condition-category
Alias: $consentscope = http://terminology.hl7.org/CodeSystem/consentscope
Alias: $consentcategory = http://terminology.hl7.org/CodeSystem/consentcategorycodes
Alias: $goal-achievement = http://terminology.hl7.org/CodeSystem/goal-achievement

// External extensions
Alias: $itemWeight = http://hl7.org/fhir/StructureDefinition/itemWeight
Alias: $questionnaire-unit = http://hl7.org/fhir/StructureDefinition/questionnaire-unit
Alias: $minValue = http://hl7.org/fhir/StructureDefinition/minValue
Alias: $maxValue = http://hl7.org/fhir/StructureDefinition/maxValue

// FHIR R4 base vital-signs profiles the KAP vitals derive from
Alias: $bp = http://hl7.org/fhir/StructureDefinition/bp
Alias: $heartrate = http://hl7.org/fhir/StructureDefinition/heartrate
Alias: $oxygensat = http://hl7.org/fhir/StructureDefinition/oxygensat
Alias: $resprate = http://hl7.org/fhir/StructureDefinition/resprate

// KAP identifier systems (NamingSystem-style URIs, not resolvable)
Alias: $kap-mrn = https://fhir.kaphub.org/sid/mrn
Alias: $kap-rems-patient = https://fhir.kaphub.org/sid/spravato-rems-patient
