package cn.unioncard.registry.ops.axon;

import cn.unioncard.registry.events.audit.AuditMetadata;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/** Log lines written while an event is handled carry the correlation id of the request behind it. */
@Component
class CorrelationLoggingInterceptor implements MessageHandlerInterceptor<EventMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object id = unitOfWork.getMessage().getMetaData().get(AuditMetadata.CORRELATION_ID);
        String previous = MDC.get("correlationId");
        if (id != null) {
            MDC.put("correlationId", id.toString());
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
}
