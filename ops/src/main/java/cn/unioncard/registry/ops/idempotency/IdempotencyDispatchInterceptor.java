package cn.unioncard.registry.ops.idempotency;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Carries the request's Idempotency-Key and fingerprint on the command the request sends. Only on
 * that one: the key is taken off the request once used, so a command sent while the first is
 * handled (a union's operator account), part of the first, is neither stored nor replayed on its
 * own, and a second command of the same request could never be answered with the first's result.
 * Whether a unit of work is active on the thread does not decide it: a unit of work left on a
 * worker thread by an earlier failure would otherwise strip the key, and the retry would reach the
 * uniqueness check unkeyed ("already a member") instead of getting its first answer.
 */
@Component
class IdempotencyDispatchInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    static final String KEY = "idempotency.key";
    static final String FINGERPRINT = "idempotency.fingerprint";

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            RequestAttributes request = RequestContextHolder.getRequestAttributes();
            if (request == null) {
                return command;
            }
            Object key = request.getAttribute(IdempotencyKeyFilter.KEY, RequestAttributes.SCOPE_REQUEST);
            Object fingerprint = request.getAttribute(IdempotencyKeyFilter.FINGERPRINT, RequestAttributes.SCOPE_REQUEST);
            if (key == null || fingerprint == null) {
                return command;
            }
            request.removeAttribute(IdempotencyKeyFilter.KEY, RequestAttributes.SCOPE_REQUEST);
            request.removeAttribute(IdempotencyKeyFilter.FINGERPRINT, RequestAttributes.SCOPE_REQUEST);
            return command.andMetaData(Map.of(KEY, key, FINGERPRINT, HexFormat.of().formatHex((byte[]) fingerprint)));
        };
    }
}
