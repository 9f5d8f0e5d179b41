package cn.unioncard.registry.ops.idempotency;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.AuthenticateUser;
import cn.unioncard.registry.events.account.ChangePassword;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.problem.RegistryProblem;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * Retries are safe (docs/design.md §5): a command that came with an Idempotency-Key is handled once per
 * user and key; a retry gets the first answer again without being handled, and the same key with
 * a different request is refused (422). The key is claimed before the handler runs, so a twin sent
 * at the same moment waits for the first and then gets its answer. Claim and answer are in the
 * command's own transaction: they exist exactly when its events do, and a failed command leaves
 * nothing (its retry runs). Logins and password changes are never answered from the store.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class IdempotentCommands implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final Set<Class<?>> NEVER_REPLAYED = Set.of(AuthenticateUser.class, ChangePassword.class);

    private final IdempotencyRecords records;

    IdempotentCommands(IdempotencyRecords records) {
        this.records = records;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         InterceptorChain interceptorChain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Object key = command.getMetaData().get(IdempotencyDispatchInterceptor.KEY);
        Actor actor = AuditMetadata.from(command.getMetaData());
        if (key == null || actor == null || Permission.anonymous(actor)
                || NEVER_REPLAYED.contains(command.getPayloadType())) {
            return interceptorChain.proceed();
        }
        String fingerprint = String.valueOf(command.getMetaData().get(IdempotencyDispatchInterceptor.FINGERPRINT));
        if (!records.claim(actor.username(), key.toString(), fingerprint)) {
            IdempotencyRecords.Answer earlier = records.find(actor.username(), key.toString());
            if (!earlier.fingerprint().equals(fingerprint)) {
                throw new RegistryProblem(RegistryProblem.Kind.IDEMPOTENCY_KEY_REUSED,
                        "该幂等键已用于另一个请求；新的请求请使用新的幂等键",
                        "this Idempotency-Key was used for a different request; use a new key for a new request");
            }
            return earlier.result();
        }
        Object result = interceptorChain.proceed();
        records.answer(actor.username(), key.toString(), result);
        return result;
    }
}
