package cn.unioncard.registry.integrity;

import cn.unioncard.registry.ops.RegistryProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import java.time.Duration;

/**
 * The sealer and the checkpoint signer run on Spring's scheduler, at the intervals of
 * {@code registry.chain}: sealing from the start, the first checkpoint after one interval.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IntegrityScheduling implements SchedulingConfigurer {

    private final ChainSealer sealer;
    private final CheckpointSigner signer;
    private final RegistryProperties.Chain chain;

    IntegrityScheduling(ChainSealer sealer, CheckpointSigner signer, RegistryProperties properties) {
        this.sealer = sealer;
        this.signer = signer;
        this.chain = properties.chain();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(sealer::sealScheduled, chain.sealInterval(), Duration.ZERO));
        tasks.addFixedDelayTask(new FixedDelayTask(signer::signScheduled, chain.checkpointInterval(),
                chain.checkpointInterval()));
    }
}
