package cn.unioncard.registry.command.account;

import cn.unioncard.registry.events.account.CreateUserAccount;
import cn.unioncard.registry.events.account.ResetPassword;
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
 * Opening accounts and resetting their passwords (the one-time password is answered once and must be
 * changed at the next login), and unlocking them.
 */
@RestController
class UserController {

    record NewUser(String username, String displayName, Role role, String unionId) {
    }

    record OpenedUser(String username, Role role, String unionId, String oneTimePassword) {
    }

    record ResetUser(String username, String oneTimePassword) {
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
        sendForAccount(new UnlockAccount(existing(username)));
    }

    /**
     * A fresh one-time password for someone else's account, recorded as {@code PasswordReset} with the
     * caller. Takes no body (one sent, such as {@code {}}, is ignored, as for an unlock).
     */
    @PostMapping("/api/users/{username}/password-reset")
    ResetUser resetPassword(@PathVariable String username) {
        String name = existing(username);
        String oneTimePassword = sendForAccount(new ResetPassword(name));
        return new ResetUser(name, oneTimePassword);
    }

    /** The normalised name of an account that exists; 404 otherwise, as for one outside the caller's subtree. */
    private String existing(String username) {
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
        return name;
    }

    private <R> R sendForAccount(Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException noSuchAccount) {
            // The same answer as for an account outside the caller's subtree.
            throw RegistryProblem.notFound("user");
        }
    }
}
