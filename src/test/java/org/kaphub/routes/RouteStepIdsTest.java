package org.kaphub.routes;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every step of the HL7 v2 inbound routes has an id: the step is what an operator sees in Camel's route metrics and
 * what a log line or an error names, so the flow stays readable where it runs (the main route and its TLS twin in
 * the tests).
 */
class RouteStepIdsTest {

    @Test
    void everyStepOfTheInboundRoutesHasAnId() throws IOException {
        for (String route : List.of("camel/hl7v2-inbound.camel.yaml", "camel/hl7v2-inbound-tls.camel.yaml")) {
            List<String> missing = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(route)) {
                assertThat(in).as(route).isNotNull();
                walk(new Yaml().load(in), missing, ids);
            }
            assertThat(ids).as(route).hasSizeGreaterThanOrEqualTo(8).doesNotHaveDuplicates();
            assertThat(missing).as(route + ": steps without an id").isEmpty();
        }
    }

    /** Every bean and choice step, wherever it is nested. */
    private static void walk(Object node, List<String> missing, List<String> ids) {
        if (node instanceof List<?> list) {
            list.forEach(item -> walk(item, missing, ids));
        } else if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (("bean".equals(entry.getKey()) || "choice".equals(entry.getKey())) && entry.getValue() instanceof Map<?, ?> step) {
                    Object id = step.get("id");
                    if (id == null) {
                        missing.add(entry.getKey() + " " + step.get("method"));
                    } else {
                        ids.add(id.toString());
                    }
                }
                walk(entry.getValue(), missing, ids);
            }
        }
    }
}
