package org.kaphub.hl7v2.mapping;

import org.kaphub.hl7v2.mapping.message.AdtA40ToTransaction;
import org.kaphub.hl7v2.mapping.message.AdtToTransaction;
import org.kaphub.hl7v2.mapping.message.MdmT02ToTransaction;
import org.kaphub.hl7v2.mapping.message.OruR01ToTransaction;
import org.kaphub.hl7v2.mapping.message.PharmacyOrderToTransaction;
import org.kaphub.hl7v2.mapping.message.RasO17ToTransaction;
import org.kaphub.hl7v2.mapping.message.SiuToTransaction;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The inbound message types KAP Hub takes, each with its one mapper, keyed by MSH-9 code^event ("RAS^O17"). A type
 * not listed is answered AR (200 unsupported message type / 201 unsupported event).
 */
public final class MessageMappers {

    private final Map<String, MessageMapper> byType;

    public MessageMappers(List<MessageMapper> mappers) {
        Map<String, MessageMapper> map = new TreeMap<>();
        for (MessageMapper mapper : mappers) {
            for (String type : mapper.messageTypes()) {
                if (map.put(type, mapper) != null) {
                    throw new IllegalStateException("Two mappers for " + type);
                }
            }
        }
        this.byType = Map.copyOf(map);
    }

    /** Every mapper KAP Hub ships. */
    public static MessageMappers standard() {
        return new MessageMappers(List.of(new AdtToTransaction(), new AdtA40ToTransaction(), new SiuToTransaction(),
                new PharmacyOrderToTransaction(), new RasO17ToTransaction(), new OruR01ToTransaction(),
                new MdmT02ToTransaction()));
    }

    public Optional<MessageMapper> find(String code, String event) {
        return Optional.ofNullable(byType.get(code + "^" + event));
    }

    /** The mapper for an MSH-9 such as "RDE^O11" ({@link V2Message#messageType()}). */
    public Optional<MessageMapper> find(String messageType) {
        return Optional.ofNullable(byType.get(messageType));
    }

    /** Whether any mapper takes this MSH-9.1 (so an unknown event is 201, an unknown code 200). */
    public boolean takesCode(String code) {
        return byType.keySet().stream().anyMatch(type -> type.startsWith(code + "^"));
    }

    public java.util.Set<String> supportedTypes() {
        return new java.util.TreeSet<>(byType.keySet());
    }
}
