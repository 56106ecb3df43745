package org.kaphub.hl7v2.mllp;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.mllp.MllpTcpServerConsumer;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Actuator health of the HL7 v2 listeners (/actuator/health → "mllp"): UP when every route that consumes
 * from MLLP is started, with its port and open connection count; DOWN names the route that is not.
 */
// Reported as "mllp" (Spring Boot drops the suffix); the bean name "mllp" itself is the camel component's.
@Component("mllpHealthIndicator")
class MllpListenerHealth implements HealthIndicator {

    private final CamelContext camel;

    MllpListenerHealth(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        int listeners = 0;
        for (Route route : camel.getRoutes()) {
            if (!(route.getConsumer() instanceof MllpTcpServerConsumer consumer)) {
                continue;
            }
            listeners++;
            ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
            boolean started = status == ServiceStatus.Started && consumer.isStarted();
            if (!started) {
                health.down();
            }
            health.withDetail(route.getRouteId(), Map.of(
                    "port", consumer.getEndpoint().getPort(),
                    "status", String.valueOf(status),
                    "connections", consumer.getConsumerRunnables().size()));
        }
        if (listeners == 0) {
            health.down().withDetail("reason", "no MLLP listener route is loaded");
        }
        return health.build();
    }
}
