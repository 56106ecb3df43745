package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.parser.DefaultEscaping;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.util.Terser;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a field component by position (SEG-field.component.subcomponent, 1-based, repetition 0-based) through HAPI's
 * {@link Terser}, so the maps can be written as "RXA-6 → dose" tables rather than chains of typed getters.
 *
 * <p>Positional reading also covers what the typed v2.8 getters cannot: fields a v2.3–2.5 sender still fills but v2.8
 * has withdrawn (SCH-11 TQ timing, ORC-7, RXE-1) are held as untyped primitives; their components are recovered
 * from the encoded text. Values come back decoded (escape sequences resolved), trimmed, and {@code null} when empty
 * or the HL7 null {@code ""}.
 */
public final class V2Fields {

    private static final String HL7_NULL = "\"\"";
    private static final DefaultEscaping ESCAPING = new DefaultEscaping();

    private V2Fields() {
    }

    public static String get(Segment segment, int field, int component) {
        return get(segment, field, 0, component, 1);
    }

    public static String get(Segment segment, int field, int repetition, int component, int subcomponent) {
        try {
            if (segment.getField(field).length <= repetition) {
                return null;
            }
            Type type = segment.getField(field, repetition);
            if (type instanceof Varies varies) {
                type = varies.getData();
            }
            if (type instanceof Primitive primitive && (component > 1 || subcomponent > 1)) {
                return clean(componentOf(primitive, segment, component, subcomponent));
            }
            if (type instanceof Primitive primitive) {
                return clean(primitive.getValue());
            }
            if (type instanceof Composite composite && component > composite.getComponents().length) {
                return null;
            }
            return clean(Terser.get(segment, field, repetition, component, subcomponent));
        } catch (HL7Exception | RuntimeException e) {
            return null;
        }
    }

    /** Component 1 of every valued repetition. */
    public static List<String> repetitions(Segment segment, int field, int component) {
        List<String> values = new ArrayList<>();
        try {
            for (int rep = 0; rep < segment.getField(field).length; rep++) {
                String value = get(segment, field, rep, component, 1);
                if (value != null) {
                    values.add(value);
                }
            }
        } catch (HL7Exception e) {
            return values;
        }
        return values;
    }

    /**
     * A text field (TX, FT, ST) as one string, its repetitions as lines; {@code null} when it has none. In FT the
     * formatting command {@code \.br\} is a line break too (senders such as EHR note exports use it instead of
     * repetitions); other formatting commands are kept as sent.
     */
    public static String text(Segment segment, int field, String valueType) {
        int count = repetitionCount(segment, field);
        if (count == 0) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        for (int rep = 0; rep < count; rep++) {
            String line = get(segment, field, rep, 1, 1);
            lines.add(line == null ? "" : line);
        }
        String text = String.join("\n", lines);
        if (!"FT".equals(valueType)) {
            return text;
        }
        char escape;
        try {
            escape = EncodingCharacters.getInstance(segment.getMessage()).getEscapeCharacter();
        } catch (HL7Exception e) {
            escape = '\\';
        }
        return text.replace(escape + ".br" + escape, "\n");
    }

    public static int repetitionCount(Segment segment, int field) {
        try {
            return segment.getField(field).length;
        } catch (HL7Exception e) {
            return 0;
        }
    }

    public static boolean isValued(Segment segment, int field) {
        try {
            for (int rep = 0; rep < segment.getField(field).length; rep++) {
                if (!segment.getField(field, rep).isEmpty()) {
                    return true;
                }
            }
        } catch (HL7Exception e) {
            return false;
        }
        return false;
    }

    private static String componentOf(Primitive primitive, Segment segment, int component, int subcomponent)
            throws HL7Exception {
        String encoded = primitive.encode();
        if (encoded == null) {
            return null;
        }
        EncodingCharacters encoding = EncodingCharacters.getInstance(segment.getMessage());
        String[] components = split(encoded, encoding.getComponentSeparator());
        if (components.length < component) {
            return null;
        }
        String[] subcomponents = split(components[component - 1], encoding.getSubcomponentSeparator());
        if (subcomponents.length < subcomponent) {
            return null;
        }
        return ESCAPING.unescape(subcomponents[subcomponent - 1], encoding);
    }

    private static String[] split(String text, char separator) {
        return text.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
    }

    private static String clean(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() || HL7_NULL.equals(trimmed) ? null : trimmed;
    }
}
