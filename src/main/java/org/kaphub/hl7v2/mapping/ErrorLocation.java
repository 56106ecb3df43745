package org.kaphub.hl7v2.mapping;

/**
 * Where in the inbound message a mapping problem sits, as HL7 reports it in ERR-2 (ERL): segment id, segment
 * sequence (1 = first occurrence), field position, field repetition and component, each 1-based; 0 = not given.
 */
public record ErrorLocation(String segmentId, int segmentSequence, int field, int repetition, int component) {

    public ErrorLocation {
        if (segmentId == null || segmentId.isBlank()) {
            throw new IllegalArgumentException("segmentId is required");
        }
    }

    public static ErrorLocation segment(String segmentId, int segmentSequence) {
        return new ErrorLocation(segmentId, segmentSequence, 0, 0, 0);
    }

    public ErrorLocation atField(int position) {
        return new ErrorLocation(segmentId, segmentSequence, position, 0, 0);
    }

    public ErrorLocation atRepetition(int number) {
        return new ErrorLocation(segmentId, segmentSequence, field, number, 0);
    }

    public ErrorLocation atComponent(int number) {
        return new ErrorLocation(segmentId, segmentSequence, field, repetition, number);
    }

    /** Readable form for texts, e.g. {@code PID-3(2).4}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(segmentId);
        if (field > 0) {
            text.append('-').append(field);
            if (repetition > 0) {
                text.append('(').append(repetition).append(')');
            }
            if (component > 0) {
                text.append('.').append(component);
            }
        }
        return text.toString();
    }
}
