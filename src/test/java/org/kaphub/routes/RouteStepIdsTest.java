package org.kaphub.routes;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every step of the HL7 v2 inbound route template and of its error branches has an id: the step is what an operator
 * sees in Camel's route metrics and what a log line or an error names, so the flow stays readable where it runs.
 */
class RouteStepIdsTest {

    @Test
    void everyStepOfEveryRouteHasAnId() throws IOException {
        List<Path> routes;
        try (Stream<Path> files = Files.list(Path.of("camel-routes"))) {
            routes = files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
        // every route file of the project: HL7 v2 in and its error branches, delivery, pull
        assertThat(routes).extracting(f -> f.getFileName().toString()).contains("hl7v2-inbound.camel.yaml",
                "hl7v2-inbound-errors.camel.yaml", "delivery.camel.yaml", "delivery-pull.camel.yaml");
        for (Path route : routes) {
            List<String> missing = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            try (InputStream in = Files.newInputStream(route)) {
                walk(new Yaml().load(in), missing, ids);
            }
            assertThat(ids).as(route.toString()).isNotEmpty().doesNotHaveDuplicates();
            assertThat(missing).as(route + ": steps without an id").isEmpty();
        }
    }

    private static final Set<String> STEPS = Set.of("bean", "choice", "setProperty", "setHeader", "setBody", "to", "toD",
            "log", "filter", "process", "onException", "split", "enrich", "wireTap", "transform");

    /** Every step, wherever it is nested. */
    private static void walk(Object node, List<String> missing, List<String> ids) {
        if (node instanceof List<?> list) {
            list.forEach(item -> walk(item, missing, ids));
        } else if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (STEPS.contains(String.valueOf(entry.getKey())) && entry.getValue() instanceof Map<?, ?> step) {
                    Object id = step.get("id");
                    if (id == null) {
                        missing.add(entry.getKey() + " " + step);
                    } else {
                        ids.add(id.toString());
                    }
                }
                walk(entry.getValue(), missing, ids);
            }
        }
    }
}
