package cn.unioncard.registry.ops.axon;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.ops.security.CurrentActor;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Stamps every command sent from a request with the authenticated actor (docs/design.md §4). A command
 * that already names an actor (the registry's own bootstrap, a login attempt) keeps it.
 */
@Component
class CurrentActorCommandInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            if (command.getMetaData().containsKey(AuditMetadata.USER)) {
                return command;
            }
            Actor actor = CurrentActor.get();
            return actor == null ? command : command.andMetaData(AuditMetadata.of(actor));
        };
    }
}
