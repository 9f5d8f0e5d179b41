package cn.unioncard.registry.ops.startup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A class-data-sharing training run ({@code -Dregistry.cds-training-run=true}, README "Performance"): the registry
 * starts as it always does, then stops cleanly once ready, so that the JVM writes its class archive
 * ({@code -XX:ArchiveClassesAtExit}) and the embedded PostgreSQL is stopped. Spring's own
 * {@code -Dspring.context.exit=onRefresh} halts the JVM instead and would leave that server running.
 */
@Component
@ConditionalOnProperty(name = "registry.cds-training-run", havingValue = "true")
class TrainingRun {

    /** From a thread of its own: the main thread is still returning from the start. */
    @EventListener(ApplicationReadyEvent.class)
    void stopWhenReady(ApplicationReadyEvent ready) {
        new Thread(() -> System.exit(SpringApplication.exit(ready.getApplicationContext())), "training-run-exit")
                .start();
    }
}
