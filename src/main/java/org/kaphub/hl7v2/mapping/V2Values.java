package org.kaphub.hl7v2.mapping;

import ca.uhn.hl7v2.model.Primitive;

/** Reading v2 primitives the same way everywhere. */
public final class V2Values {

    /** HL7's explicit null: "clear this value". We send whole resources, so it reads as "not valued". */
    private static final String HL7_NULL = "\"\"";

    private V2Values() {
    }

    /**
     * The decoded value (HAPI has already turned escape sequences such as {@code \T\} into their characters),
     * trimmed; {@code null} when empty or the HL7 null {@code ""}.
     */
    public static String value(Primitive primitive) {
        if (primitive == null) {
            return null;
        }
        String value = primitive.getValue();
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() || HL7_NULL.equals(trimmed) ? null : trimmed;
    }

    public static boolean isValued(Primitive primitive) {
        return value(primitive) != null;
    }
}
