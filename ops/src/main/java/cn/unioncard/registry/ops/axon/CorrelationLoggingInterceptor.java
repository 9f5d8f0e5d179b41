package cn.unioncard.registry.ops.axon;

import cn.unioncard.registry.events.audit.AuditMetadata;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Log lines written while an event is handled carry the correlation id of the request behind it.
 * It runs outside the dead-letter handling, so it never throws: an event whose metadata cannot be
 * read is handled without one (its handler may then fail and park it, alone).
 */
@Component
class CorrelationLoggingInterceptor implements MessageHandlerInterceptor<EventMessage<?>> {

    /** Longer than any id the registry issues: anything beyond is not ours. */
    private static final int MAX_ID = 100;

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        String id = correlationId(unitOfWork);
        String previous = MDC.get("correlationId");
        if (id != null) {
            MDC.put("correlationId", id);
        }
        try {
            return chain.proceed();
        } finally {
            if (previous == null) {
                MDC.remove("correlationId");
            } else {
                MDC.put("correlationId", previous);
            }
        }
    }

    /** The id fit for a log line (no control character, bounded), or null when the metadata cannot be read. */
    static String correlationId(UnitOfWork<? extends EventMessage<?>> unitOfWork) {
        try {
            Object id = unitOfWork.getMessage().getMetaData().get(AuditMetadata.CORRELATION_ID);
            if (!(id instanceof String s) || s.isEmpty()) {
                return null;
            }
            String bounded = s.length() > MAX_ID ? s.substring(0, MAX_ID) : s;
            return bounded.codePoints().allMatch(cp -> cp > 0x20 && cp < 0x7F) ? bounded : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
