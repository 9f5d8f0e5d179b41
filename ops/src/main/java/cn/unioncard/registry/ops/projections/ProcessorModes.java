package cn.unioncard.registry.ops.projections;

import cn.unioncard.registry.query.projection.ProcessorSettings;
import org.axonframework.config.ProcessingGroup;
import org.springframework.beans.factory.ObjectProvider;

import java.util.Optional;

/**
 * Which processing groups stream. Every group does unless its projection declares it subscribing
 * ({@link ProcessorSettings}; those run in the command's transaction and must fail it), so a
 * projection added later gets its dead letters without anybody remembering to list it.
 */
final class ProcessorModes {

    private final ObjectProvider<ProcessorSettings> declared;

    /** Looked up when asked: Axon asks while it assigns handlers, when every declaration exists. */
    ProcessorModes(ObjectProvider<ProcessorSettings> declared) {
        this.declared = declared;
    }

    /** Processor names are the group names here (one processor per group, Axon's default). */
    boolean streams(String processingGroup) {
        return declared.stream().filter(s -> s.group().equals(processingGroup)).allMatch(ProcessorSettings::streams);
    }

    /** The group a handler class belongs to, as Axon assigns it: its annotation, else its package. */
    static String groupOf(Class<?> handlerClass) {
        return Optional.ofNullable(handlerClass.getAnnotation(ProcessingGroup.class)).map(ProcessingGroup::value)
                .orElse(handlerClass.getPackageName());
    }
}
