package cn.unioncard.registry.ops;

import cn.unioncard.registry.query.audit.alert.AlertSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hands the alert rules their settings (registry.alerts.*): the query side reads no configuration itself. */
@Configuration(proxyBeanMethods = false)
class AlertSettingsConfiguration {

    @Bean
    AlertSettings alertSettings(RegistryProperties properties) {
        RegistryProperties.Alerts a = properties.alerts();
        return AlertSettings.of(a.revealThreshold(), a.revealWindow(), a.workingHours(), a.workingDays(),
                a.exportThreshold(), a.denialThreshold(), a.denialWindow());
    }
}
