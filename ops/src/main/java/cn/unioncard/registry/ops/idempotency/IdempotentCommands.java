package cn.unioncard.registry.ops.idempotency;

import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.problem.RegistryProblem;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Retries are safe (DESIGN.md §5): a command that came with an Idempotency-Key is handled once per
 * user and key; a retry gets the first answer again without being handled, and the same key with
 * a different request is refused (422). The answer is stored in the command's own transaction, so
 * it exists exactly when the command's events do. A failed command stores nothing: its retry runs.
 */
@Component
class IdempotentCommands implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final IdempotencyRecords records;

    IdempotentCommands(IdempotencyRecords records) {
        this.records = records;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         InterceptorChain interceptorChain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Object key = command.getMetaData().get(IdempotencyDispatchInterceptor.KEY);
        Object user = command.getMetaData().get(AuditMetadata.USER);
        if (key == null || user == null) {
            return interceptorChain.proceed();
        }
        String fingerprint = String.valueOf(command.getMetaData().get(IdempotencyDispatchInterceptor.FINGERPRINT));
        Optional<IdempotencyRecords.Answer> earlier = records.find(user.toString(), key.toString());
        if (earlier.isPresent()) {
            if (!earlier.get().fingerprint().equals(fingerprint)) {
                throw new RegistryProblem(RegistryProblem.Kind.IDEMPOTENCY_KEY_REUSED,
                        "该幂等键已用于另一个请求；新的请求请使用新的幂等键",
                        "this Idempotency-Key was used for a different request; use a new key for a new request");
            }
            return earlier.get().result();
        }
        Object result = interceptorChain.proceed();
        try {
            records.save(user.toString(), key.toString(), fingerprint, result);
        } catch (DuplicateKeyException concurrent) {
            // The same request, sent twice at once: the other one's answer counts once it commits.
            throw RegistryProblem.conflict("带同一幂等键的请求正在处理，请稍后重试",
                    "a request with this Idempotency-Key is being handled; retry it shortly");
        }
        return result;
    }
}
