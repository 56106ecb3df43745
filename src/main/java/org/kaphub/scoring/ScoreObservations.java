package org.kaphub.scoring;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;
import org.kaphub.vocabulary.Ucum;

/**
 * Storing a scored QuestionnaireResponse stores its score: an Observation (KAP Score Observation) with the
 * computed total, the severity band and {@code derivedFrom} the response, written in the same database
 * transaction. A later version of the response updates that same Observation (conditional on derived-from),
 * so there is one score per response.
 */
@Interceptor
public class ScoreObservations {

    private final Scoring scoring;
    private final DaoRegistry daos;

    public ScoreObservations(Scoring scoring, DaoRegistry daos) {
        this.scoring = scoring;
        this.daos = daos;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        store(resource);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource) {
        store(resource);
    }

    private void store(IBaseResource resource) {
        if (!(resource instanceof QuestionnaireResponse response) || !scorable(response)) {
            return;
        }
        scoring.score(response).filter(s -> s.computed().isPresent()).ifPresent(score -> {
            String responseId = "QuestionnaireResponse/" + response.getIdElement().getIdPart();
            Observation observation = observation(response, responseId, score);
            // A derivation by the server, not the client's own write: its scopes do not limit it (the response's did).
            daos.getResourceDao(Observation.class).update(observation, "Observation?derived-from=" + responseId,
                    new SystemRequestDetails());
        });
    }

    private static boolean scorable(QuestionnaireResponse response) {
        return response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
                || response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED;
    }

    static Observation observation(QuestionnaireResponse response, String responseId, QuestionnaireScore score) {
        Observation observation = new Observation();
        observation.getMeta().addProfile(KapCanonicals.SCORE_OBSERVATION_PROFILE);
        // The score discloses what the answers do: it carries their confidentiality labels (42 CFR Part 2 above all).
        response.getMeta().getSecurity().forEach(label -> observation.getMeta().addSecurity(label.copy()));
        observation.setStatus(response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED
                ? Observation.ObservationStatus.AMENDED : Observation.ObservationStatus.FINAL);
        observation.addCategory().addCoding().setSystem(CodeSystems.OBSERVATION_CATEGORY).setCode("survey").setDisplay("Survey");
        observation.setCode(new CodeableConcept(score.questionnaire().totalCode().copy()));
        observation.setSubject(response.getSubject().copy());
        if (response.hasEncounter()) {
            observation.setEncounter(response.getEncounter().copy());
        }
        if (response.hasAuthored()) {
            observation.setEffective(response.getAuthoredElement().copy());
        }
        if (response.hasSource()) {
            observation.addPerformer(response.getSource().copy());
        }
        observation.setValue(new Quantity().setValue(score.computed().orElseThrow())
                .setSystem(CodeSystems.UCUM).setCode(Ucum.SCORE).setUnit(Ucum.SCORE));
        score.band().ifPresent(band -> observation.addInterpretation(new CodeableConcept(band.copy())));
        observation.addDerivedFrom(new Reference(responseId));
        return observation;
    }
}
