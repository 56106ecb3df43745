package org.kaphub.delivery.dispatch;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher's route file: every step has an id (what Camel's route metrics and errors name), and every
 * {{kap.delivery.dispatch.*}} placeholder in it is answered from {@link DispatchProperties}' defaults when nothing is
 * configured (Camel would otherwise fail to start the route).
 */
class DeliveryRouteTest {

    private static final Path ROUTE = Path.of("camel-routes/delivery.camel.yaml");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(kap\\.delivery\\.dispatch\\.[a-z-]+)}}");
    private static final Set<String> STEPS = Set.of("bean", "choice", "setProperty", "setHeader", "setBody", "to", "toD",
            "log", "filter", "process", "onException", "split", "enrich", "wireTap", "transform", "loop");

    @Test
    void everyStepHasAnId() throws IOException {
        List<String> ids = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        walk(new Yaml().load(Files.readString(ROUTE)), ids, missing);
        assertThat(missing).isEmpty();
        assertThat(ids).containsExactly("claim-due", "each-delivery", "hand-to-senders", "one-queue", "deliver");
    }

    @Test
    void everyPlaceholderIsAnsweredFromTheRecordsDefaults() throws IOException {
        DispatchPlaceholders defaults = new DispatchPlaceholders(bind(Map.of()));
        Set<String> used = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(Files.readString(ROUTE));
        while (matcher.find()) {
            used.add(matcher.group(1));
        }
        assertThat(used).containsExactly("kap.delivery.dispatch.enabled", "kap.delivery.dispatch.poll-interval",
                "kap.delivery.dispatch.threads");
        assertThat(defaults.getProperty("kap.delivery.dispatch.poll-interval")).isEqualTo("500");
        assertThat(defaults.getProperty("kap.delivery.dispatch.threads")).isEqualTo("8");
        assertThat(defaults.getProperty("kap.delivery.dispatch.enabled")).isEqualTo("true");

        DispatchPlaceholders configured = new DispatchPlaceholders(bind(Map.of("kap.delivery.dispatch.poll-interval", "2s",
                "kap.delivery.dispatch.enabled", "false")));
        assertThat(configured.getProperty("kap.delivery.dispatch.poll-interval")).isEqualTo("2000");
        assertThat(configured.getProperty("kap.delivery.dispatch.enabled")).isEqualTo("false");
    }

    private static DispatchProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("kap.delivery.dispatch", DispatchProperties.class);
    }

    private static void walk(Object node, List<String> ids, List<String> missing) {
        if (node instanceof List<?> list) {
            list.forEach(item -> walk(item, ids, missing));
        } else if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (STEPS.contains(String.valueOf(entry.getKey())) && entry.getValue() instanceof Map<?, ?> step) {
                    if (step.get("id") == null) {
                        missing.add(entry.getKey() + " " + step);
                    } else {
                        ids.add(step.get("id").toString());
                    }
                }
                walk(entry.getValue(), ids, missing);
            }
        }
    }
}
