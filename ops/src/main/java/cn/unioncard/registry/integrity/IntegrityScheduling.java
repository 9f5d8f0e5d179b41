package cn.unioncard.registry.integrity;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The sealer and the checkpoint signer run on Spring's scheduler. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IntegrityScheduling {
}
