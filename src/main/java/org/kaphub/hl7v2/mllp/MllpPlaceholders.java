package org.kaphub.hl7v2.mllp;

import org.apache.camel.spi.PropertiesSource;
import org.springframework.stereotype.Component;

import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Answers the routes' {{kap.mllp.*}} placeholders from the bound {@link MllpProperties}. Camel otherwise reads them from
 * the Spring environment, which holds only what an operator set, so the defaults would have to be written a second time
 * outside the record. Camel's properties component finds this source in the registry by its type.
 */
@Component
class MllpPlaceholders implements PropertiesSource {

    static final String PREFIX = "kap.mllp.";

    private final Map<String, String> values = new HashMap<>();

    MllpPlaceholders(MllpProperties properties) {
        for (RecordComponent component : MllpProperties.class.getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(properties);
                values.put(PREFIX + kebab(component.getName()), String.valueOf(value));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("MllpProperties." + component.getName() + " unreadable", e);
            }
        }
    }

    @Override
    public String getName() {
        return "kap.mllp";
    }

    @Override
    public String getProperty(String name) {
        return values.get(name);
    }

    /** maxFrameBytes → max-frame-bytes, as Spring names the property. */
    private static String kebab(String name) {
        return name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }
}
