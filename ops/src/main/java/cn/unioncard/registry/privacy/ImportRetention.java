package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.imports.ImportFiles;
import cn.unioncard.registry.ops.RegistryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * Uploaded files and reports hold personal data of people who may never become members, so they
 * are deleted {@code registry.imports.retention} after the upload: swept at start and then hourly.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ImportRetention implements SchedulingConfigurer {

    static final Duration SWEEP_INTERVAL = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(ImportRetention.class);

    private final ImportFiles files;
    private final Duration retention;
    private final Clock clock;

    ImportRetention(ImportFiles files, RegistryProperties properties) {
        this.files = files;
        this.retention = properties.imports().retention();
        this.clock = Clock.systemUTC();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::sweepScheduled, SWEEP_INTERVAL, Duration.ZERO));
    }

    /** Deletes the files of every job uploaded more than the retention period ago; answers how many jobs. */
    public int sweep() throws IOException {
        int jobs = files.deleteOlderThan(clock.instant().minus(retention));
        if (jobs > 0) {
            log.info("Deleted the files of {} import job(s) older than {}", jobs, retention);
        }
        return jobs;
    }

    private void sweepScheduled() {
        try {
            sweep();
        } catch (IOException | RuntimeException e) {
            // Paths and job ids only: the next sweep tries again.
            log.warn("Could not delete expired import files: {}", e.toString());
        }
    }
}
