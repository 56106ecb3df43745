package org.kaphub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class KapHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(KapHubApplication.class, args);
    }
}
