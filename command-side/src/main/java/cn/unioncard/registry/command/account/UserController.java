package cn.unioncard.registry.command.account;

import cn.unioncard.registry.events.account.CreateUserAccount;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.account.UnlockAccount;
import cn.unioncard.registry.events.account.UserNames;
import cn.unioncard.registry.events.problem.RegistryProblem;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;


/**
 * Opening accounts (the one-time password is answered once and must be changed at first login) and
 * unlocking them.
 */
@RestController
class UserController {

    record NewUser(String username, String displayName, Role role, String unionId) {
    }

    record OpenedUser(String username, Role role, String unionId, String oneTimePassword) {
    }

    private final CommandGateway commands;
    private final Credentials credentials;

    UserController(CommandGateway commands, Credentials credentials) {
        this.commands = commands;
        this.credentials = credentials;
    }

    @PostMapping("/api/users")
    @ResponseStatus(HttpStatus.CREATED)
    OpenedUser open(@RequestBody NewUser request) {
        String username = UserNames.normalised(request.username());
        String oneTimePassword = commands.sendAndWait(new CreateUserAccount(username, request.displayName(),
                request.role(), request.unionId(), null, true));
        return new OpenedUser(username, request.role(), request.unionId(), oneTimePassword);
    }

    /** Lifts every login lock of the account; recorded as {@code AccountUnlocked} with the caller. */
    @PostMapping("/api/users/{username}/unlock")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unlock(@PathVariable String username) {
        String name = UserNames.normalised(username);
        if (!UserNames.isWellFormed(name)) {
            // No account can have such a name; it never reaches the database.
            throw RegistryProblem.notFound("user");
        }
        if (credentials.hashOf(name).isEmpty()) {
            // Not an account (perhaps a union's or member's id, whose stream Axon would load as the
            // wrong type): the same answer as for an account outside the caller's subtree.
            throw RegistryProblem.notFound("user");
        }
        try {
            commands.sendAndWait(new UnlockAccount(name));
        } catch (AggregateNotFoundException noSuchAccount) {
            // The same answer as for an account outside the caller's subtree.
            throw RegistryProblem.notFound("user");
        }
    }
}
