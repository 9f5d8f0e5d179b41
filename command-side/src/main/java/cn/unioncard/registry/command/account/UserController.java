package cn.unioncard.registry.command.account;

import cn.unioncard.registry.events.account.CreateUserAccount;
import cn.unioncard.registry.events.account.Role;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Locale;

/** Opening accounts; the one-time password is answered once and must be changed at first login. */
@RestController
class UserController {

    record NewUser(String username, String displayName, Role role, String unionId) {
    }

    record OpenedUser(String username, Role role, String unionId, String oneTimePassword) {
    }

    private final CommandGateway commands;

    UserController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/api/users")
    @ResponseStatus(HttpStatus.CREATED)
    OpenedUser open(@RequestBody NewUser request) {
        String username = request.username() == null ? null : request.username().trim().toLowerCase(Locale.ROOT);
        String oneTimePassword = commands.sendAndWait(new CreateUserAccount(username, request.displayName(),
                request.role(), request.unionId(), null, true));
        return new OpenedUser(username, request.role(), request.unionId(), oneTimePassword);
    }
}
