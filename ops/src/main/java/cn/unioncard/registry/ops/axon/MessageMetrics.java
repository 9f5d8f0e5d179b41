package cn.unioncard.registry.ops.axon;

import org.axonframework.config.Configurer;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's message metrics where they tell something of their own: the command bus (counts and times
 * per command type) and the streaming processors. The event store and the subscribing processors
 * run inside the command, which its own and the HTTP timers already time; their monitors looked up
 * meters for every event (a tenth of a registration's time) and re-registered a latency gauge each time.
 */
@Configuration(proxyBeanMethods = false)
class MessageMetrics {

    @Bean
    MetricsConfigurerModule metricsConfigurerModule(GlobalMetricRegistry registry) {
        return new MetricsConfigurerModule(registry, true) {
            @Override
            public void configureModule(Configurer configurer) {
                configurer.configureMessageMonitor(c -> (type, name) -> monitor(registry, type, name));
            }
        };
    }

    @SuppressWarnings("unchecked") // as Axon's own registration: each component gets a monitor of its messages
    private static MessageMonitor<Message<?>> monitor(GlobalMetricRegistry registry, Class<?> type, String name) {
        return insideTheCommand(type) ? NoOpMessageMonitor.INSTANCE
                : (MessageMonitor<Message<?>>) registry.registerComponentWithDefaultTags(type, name);
    }

    static boolean insideTheCommand(Class<?> componentType) {
        return EventBus.class.isAssignableFrom(componentType)
                || SubscribingEventProcessor.class.isAssignableFrom(componentType);
    }
}
