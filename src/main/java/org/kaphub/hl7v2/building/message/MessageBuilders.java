package org.kaphub.hl7v2.building.message;

import org.hl7.fhir.r4.model.Resource;
import org.kaphub.hl7v2.building.MessageBuilder;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outbound message types KAP Hub makes, each resource kind with its one builder. The first builder that
 * {@link MessageBuilder#builds builds} a resource makes its message; a resource none builds is not sent over HL7 v2
 * (its delivery is dead-lettered naming the type).
 */
public final class MessageBuilders {

    private final List<MessageBuilder> builders;

    public MessageBuilders(List<MessageBuilder> builders) {
        this.builders = List.copyOf(builders);
    }

    /** Every builder KAP Hub ships. */
    public static MessageBuilders standard() {
        return new MessageBuilders(List.of(new PatientToAdt(), new ResultsToOru(GuideInstruments::get),
                new AppointmentToSiu(), new MedicationAdministrationToRas(), new MedicationRequestToRde()));
    }

    public Optional<MessageBuilder> find(Resource resource) {
        return builders.stream().filter(builder -> builder.builds(resource)).findFirst();
    }

    public Set<String> messageTypes() {
        Set<String> types = new TreeSet<>();
        builders.forEach(builder -> types.addAll(builder.messageTypes()));
        return types;
    }
}
