package org.kaphub.hl7v2.building;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.v28.datatype.ST;
import ca.uhn.hl7v2.parser.Parser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/**
 * Fields the v2.8 model has withdrawn (EVN-1, SCH-11 …) but an older receiver's version requires or reads: the model
 * holds them as empty-only primitives (HAPI refuses a value there under its default validation). Builders set them
 * through here only for the versions that have them; the strict parse in the receiver's version checks the result.
 */
public final class Withdrawn {

    /** Same model, no primitive rules: only for the withdrawn field being set. */
    private static final HapiContext UNVALIDATED = unvalidated();

    private Withdrawn() {
    }

    public static void set(Primitive field, String value) throws DataTypeException {
        Message message = field.getMessage();
        Parser parser = message.getParser();
        message.setParser(UNVALIDATED.getPipeParser());
        try {
            field.setValue(value);
        } finally {
            message.setParser(parser);
        }
    }

    /**
     * A withdrawn composite by its components (1-based position → text; null leaves one empty), e.g. SCH-11 as the TQ
     * of v2.3–2.4 with its start in component 4. The first component is the primitive itself, the rest HAPI's extra
     * components, which the encoder writes after it.
     */
    public static void setComponents(Primitive field, String... components) throws DataTypeException {
        if (components.length > 0 && components[0] != null) {
            set(field, components[0]);
        }
        for (int i = 1; i < components.length; i++) {
            if (components[i] != null) {
                ST text = new ST(field.getMessage());
                text.setValue(components[i]);
                field.getExtraComponents().getComponent(i - 1).setData(text);
            }
        }
    }

    private static HapiContext unvalidated() {
        HapiContext context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        return context;
    }
}
