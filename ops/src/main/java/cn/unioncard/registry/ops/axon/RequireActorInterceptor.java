package cn.unioncard.registry.ops.axon;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.AuthenticateUser;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.problem.RegistryProblem;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Nothing reaches the event store without an actor: a command with no actor metadata is refused
 * before any handler runs. Only a login attempt may come from someone not yet authenticated.
 */
@Component
class RequireActorInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Actor actor = AuditMetadata.from(command.getMetaData());
        boolean login = AuthenticateUser.class.equals(command.getPayloadType());
        if (actor == null || (Permission.anonymous(actor) && !login)) {
            throw new RegistryProblem(RegistryProblem.Kind.UNAUTHENTICATED, "请先登录", "authentication required");
        }
        return chain.proceed();
    }
}
