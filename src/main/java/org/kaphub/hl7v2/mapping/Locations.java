package org.kaphub.hl7v2.mapping;

import ca.uhn.hl7v2.Location;

/**
 * HAPI {@link Location}s as ERR-2 reports them: segment id, segment sequence (1 = first occurrence), field, field
 * repetition, component, each 1-based. HAPI's {@code with…} setters change the Location they are called on, so the
 * derivations here copy first: a location handed to a mapper (e.g. PID-3(2)) stays what it was when a component of
 * it goes into an exception.
 */
public final class Locations {

    private Locations() {
    }

    public static Location segment(String segmentId, int sequence) {
        return new Location().withSegmentName(segmentId).withSegmentRepetition(sequence);
    }

    public static Location field(String segmentId, int sequence, int field) {
        return segment(segmentId, sequence).withField(field);
    }

    public static Location field(Location at, int field) {
        return new Location(at).withField(field);
    }

    public static Location repetition(Location at, int repetition) {
        return new Location(at).withFieldRepetition(repetition);
    }

    public static Location component(Location at, int component) {
        return new Location(at).withComponent(component);
    }

    /** As a text names a field, e.g. {@code PID-3(2).4} (HAPI's own form, {@code PID(1)-3(2)-4}, is what ERR-2 says). */
    public static String name(Location at) {
        StringBuilder text = new StringBuilder(at.getSegmentName());
        if (at.getField() > 0) {
            text.append('-').append(at.getField());
            if (at.getFieldRepetition() > 0) {
                text.append('(').append(at.getFieldRepetition()).append(')');
            }
            if (at.getComponent() > 0) {
                text.append('.').append(at.getComponent());
            }
        }
        return text.toString();
    }
}
