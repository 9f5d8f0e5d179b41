package cn.unioncard.registry.ops.projections;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.springboot.EventProcessorProperties;

import java.util.Optional;

/**
 * Which processing groups stream. Every group does unless application.yml makes its processor
 * subscribing (those run in the command's transaction and must fail it), so a projection added
 * later gets its dead letters without anybody remembering to list it.
 */
final class ProcessorModes {

    private final EventProcessorProperties properties;

    ProcessorModes(EventProcessorProperties properties) {
        this.properties = properties;
    }

    /** Processor names are the group names here (one processor per group, Axon's default). */
    boolean streams(String processingGroup) {
        EventProcessorProperties.ProcessorSettings settings = properties.getProcessors().get(processingGroup);
        return settings == null || settings.getMode() != EventProcessorProperties.Mode.SUBSCRIBING;
    }

    /** The group a handler class belongs to, as Axon assigns it: its annotation, else its package. */
    static String groupOf(Class<?> handlerClass) {
        return Optional.ofNullable(handlerClass.getAnnotation(ProcessingGroup.class)).map(ProcessingGroup::value)
                .orElse(handlerClass.getPackageName());
    }
}
