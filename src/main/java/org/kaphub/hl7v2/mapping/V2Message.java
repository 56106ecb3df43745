package org.kaphub.hl7v2.mapping;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed message as the maps read it: its segments in wire order, each with its occurrence number (for ERR-2),
 * whatever group structure HAPI chose. The same event parses into a typed v2.8 structure, a structure of another
 * event (the v2.8 event map) or a {@code GenericMessage} depending on MSH-9.3 and version, and Z-segments or
 * segments out of place are added inline; reading the flat sequence ("the RXR after this RXA") works for all of them.
 */
public final class V2Message {

    private final Message message;
    private final List<Seg> segments;

    private V2Message(Message message, List<Seg> segments) {
        this.message = message;
        this.segments = List.copyOf(segments);
    }

    /** {@code defaultZone}: where a sender's times without an offset are, unless its MSH-7 says otherwise. */
    public static V2Message of(Message message, ZoneId defaultZone) {
        List<Segment> flat = new ArrayList<>();
        collect(message, flat);
        ZoneId senderZone = flat.isEmpty() || !"MSH".equals(flat.get(0).getName()) ? defaultZone
                : senderZone(V2Fields.get(flat.get(0), 7, 1), defaultZone);
        Map<String, Integer> counts = new HashMap<>();
        List<Seg> segs = new ArrayList<>();
        for (Segment segment : flat) {
            String name = segment.getName();
            segs.add(new Seg(segment, name, counts.merge(name, 1, Integer::sum), senderZone));
        }
        return new V2Message(message, segs);
    }

    /**
     * The zone a message's times without an offset are in. MSH-7's offset is the sender's own statement of its
     * local offset: if {@code defaultZone} has that offset at that moment, the zone is taken (with its daylight
     * saving rules, for times in the other season); otherwise the sender is elsewhere and its fixed offset is the best
     * evidence there is. Without an offset in MSH-7 (or an unreadable one), {@code defaultZone}.
     */
    public static ZoneId senderZone(String msh7, ZoneId defaultZone) {
        Dtm sent;
        try {
            sent = Dtm.parse(msh7, Locations.field("MSH", 1, 7));
        } catch (MappingException e) {
            return defaultZone;
        }
        if (sent == null || sent.offset() == null) {
            return defaultZone;
        }
        ZoneOffset stated = ZoneOffset.of(sent.offset());
        return defaultZone.getRules().getOffset(sent.localDateTime()).equals(stated) ? defaultZone : stated;
    }

    private static void collect(Group group, List<Segment> into) {
        for (String name : group.getNames()) {
            Structure[] reps;
            try {
                reps = group.getAll(name);
            } catch (HL7Exception e) {
                continue;
            }
            for (Structure structure : reps) {
                if (structure instanceof Segment segment) {
                    if (!isEmpty(segment)) {
                        into.add(segment);
                    }
                } else if (structure instanceof Group child) {
                    collect(child, into);
                }
            }
        }
    }

    private static boolean isEmpty(Segment segment) {
        try {
            return segment.isEmpty();
        } catch (HL7Exception e) {
            return true;
        }
    }

    public Message message() {
        return message;
    }

    public List<Seg> segments() {
        return segments;
    }

    public List<Seg> all(String name) {
        return segments.stream().filter(s -> s.name().equals(name)).toList();
    }

    public Optional<Seg> first(String name) {
        return segments.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** MSH-4 namespace (else MSH-3): the scope of numbers a sender sends without an assigning authority. */
    public String senderScope() {
        Seg msh = first("MSH").orElseThrow();
        String facility = V2Fields.get(msh.segment(), 4, 1);
        return facility != null ? facility : V2Fields.get(msh.segment(), 3, 1);
    }

    /** MSH-9.1^MSH-9.2, e.g. "RDE^O11". */
    public String messageType() {
        return first("MSH").map(msh -> V2Fields.get(msh.segment(), 9, 1) + "^" + V2Fields.get(msh.segment(), 9, 2)).orElse("");
    }

    public String event() {
        return first("MSH").map(msh -> V2Fields.get(msh.segment(), 9, 2)).orElse(null);
    }

    /**
     * One segment occurrence: {@code sequence} counts that segment id from 1, as ERR-2.2 wants it; {@code senderZone}
     * is the zone of its times sent without an offset ({@link #senderZone}).
     */
    public record Seg(Segment segment, String name, int sequence, ZoneId senderZone) {

        public Location at() {
            return Locations.segment(name, sequence);
        }

        public Location at(int field) {
            return Locations.field(name, sequence, field);
        }

        public String get(int field) {
            return V2Fields.get(segment, field, 1);
        }

        public String get(int field, int component) {
            return V2Fields.get(segment, field, component);
        }
    }
}
