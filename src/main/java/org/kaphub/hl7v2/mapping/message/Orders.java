package org.kaphub.hl7v2.mapping.message;

import org.kaphub.hl7v2.mapping.V2Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits the flat segment list of a pharmacy message into orders: each ORC opens one, and the segments up to the next
 * ORC belong to it (RXE/RXO/RXA, the RXR routes and TQ1 timings). This is the ORDER group of RDE_O11, OMP_O09 and
 * RAS_O17 whatever group structure HAPI produced for the sender's version.
 */
record Orders(List<Order> orders) {

    static Orders of(V2Message message) {
        List<Order> orders = new ArrayList<>();
        Order current = null;
        for (V2Message.Seg seg : message.segments()) {
            if (seg.name().equals("ORC")) {
                current = new Order(seg, new ArrayList<>());
                orders.add(current);
            } else if (current != null) {
                current.segments().add(seg);
            }
        }
        return new Orders(orders);
    }

    record Order(V2Message.Seg orc, List<V2Message.Seg> segments) {

        List<V2Message.Seg> all(String name) {
            return segments.stream().filter(s -> s.name().equals(name)).toList();
        }

        Optional<V2Message.Seg> first(String name) {
            return segments.stream().filter(s -> s.name().equals(name)).findFirst();
        }

        /** The first {@code name} segment after {@code anchor} and before the next segment named {@code anchor.name()}. */
        Optional<V2Message.Seg> after(V2Message.Seg anchor, String name) {
            int from = segments.indexOf(anchor);
            for (int i = from + 1; i < segments.size(); i++) {
                V2Message.Seg seg = segments.get(i);
                if (seg.name().equals(anchor.name())) {
                    break;
                }
                if (seg.name().equals(name)) {
                    return Optional.of(seg);
                }
            }
            return Optional.empty();
        }
    }
}
