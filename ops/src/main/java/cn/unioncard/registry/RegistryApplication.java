package cn.unioncard.registry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The registry: both sides of the application on one PostgreSQL. It sits in the root package so
 * that Spring finds the entities and repositories of every module without an {@code @EntityScan}
 * (which would switch off Axon's own entity registration, docs/design.md §6).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RegistryApplication {

    public static void main(String[] args) {
        quietAxonUpdateChecker();
        SpringApplication.run(RegistryApplication.class, args);
    }

    /**
     * Axon's update checker reports to an outside host unless this JVM property is set before
     * anything of Axon starts (a Spring property does not reach it). The registry makes no
     * outbound calls of its own; its auto-configuration is excluded too.
     */
    public static void quietAxonUpdateChecker() {
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
    }
}
