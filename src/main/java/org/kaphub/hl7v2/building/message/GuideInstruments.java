package org.kaphub.hl7v2.building.message;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Questionnaire;
import org.kaphub.hl7v2.mapping.Instruments;
import org.kaphub.profiles.KapGuide;

/**
 * The rating scales of the KAP guide, read once on first use: the same Questionnaires the inbound side reads its
 * panels from, so a panel KAP Hub sends is one it would accept.
 */
final class GuideInstruments {

    private GuideInstruments() {
    }

    static Instruments get() {
        return Holder.INSTRUMENTS;
    }

    private static final class Holder {
        static final Instruments INSTRUMENTS = new Instruments(KapGuide.load(FhirContext.forR4Cached())
                .conformanceResources().stream().filter(Questionnaire.class::isInstance)
                .map(Questionnaire.class::cast).toList());
    }
}
