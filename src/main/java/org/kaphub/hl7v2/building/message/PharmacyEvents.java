package org.kaphub.hl7v2.building.message;

import org.kaphub.hl7v2.building.Outbound;

import java.util.Set;

/** Where the pharmacy messages differ by the receiver's version. */
final class PharmacyEvents {

    /** Versions without TQ1 (added in v2.5). */
    private static final Set<String> WITHOUT_TQ1 = Set.of("2.3", "2.3.1", "2.4");

    private PharmacyEvents() {
    }

    /** Versions that number every pharmacy message O01 (RAS^O01, RDE^O01): each has its own event from v2.4. */
    private static final Set<String> ALL_O01 = Set.of("2.3", "2.3.1");

    /** The event of a pharmacy message for this receiver: {@code fromV24} (O17, O11), or O01 before v2.4. */
    static String event(String fromV24, Outbound outbound) {
        return ALL_O01.contains(outbound.receiver().version()) ? "O01" : fromV24;
    }

    static boolean hasTq1(Outbound outbound) {
        return !WITHOUT_TQ1.contains(outbound.receiver().version());
    }
}
