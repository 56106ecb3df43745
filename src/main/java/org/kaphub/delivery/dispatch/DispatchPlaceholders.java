package org.kaphub.delivery.dispatch;

import org.apache.camel.spi.PropertiesSource;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Answers the delivery route's {{kap.delivery.dispatch.*}} placeholders from the bound {@link DispatchProperties}, so
 * their defaults are written once, in the record (Camel otherwise reads only what an operator set in the Spring
 * environment). Camel's properties component finds this source in the registry by its type.
 */
@Component
class DispatchPlaceholders implements PropertiesSource {

    private final Map<String, String> values;

    DispatchPlaceholders(DispatchProperties properties) {
        this.values = Map.of(
                "kap.delivery.dispatch.enabled", String.valueOf(properties.enabled()),
                "kap.delivery.dispatch.poll-interval", String.valueOf(properties.pollInterval().toMillis()),
                "kap.delivery.dispatch.threads", String.valueOf(properties.threads()));
    }

    @Override
    public String getName() {
        return "kap.delivery.dispatch";
    }

    @Override
    public String getProperty(String name) {
        return values.get(name);
    }
}
