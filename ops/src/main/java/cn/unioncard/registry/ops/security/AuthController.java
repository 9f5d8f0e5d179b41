package cn.unioncard.registry.ops.security;

import cn.unioncard.registry.events.account.AuthenticateUser;
import cn.unioncard.registry.events.account.AuthenticationResult;
import cn.unioncard.registry.events.account.ChangePassword;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.Actor;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.events.validation.Violations;
import cn.unioncard.registry.ops.web.CorrelationIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Logging in and changing one's password. Each attempt is a command on the account, so that
 * successes, failures and lockouts are events; the password itself never leaves this request.
 */
@RestController
class AuthController {

    record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + "]";
        }
    }

    record PasswordChange(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[]";
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private final CommandGateway commands;
    private final TokenService tokens;
    private final PasswordEncoder encoder;
    // Hash of a random string: an unknown user name costs the same time as a wrong password.
    private final String dummyHash;

    AuthController(CommandGateway commands, TokenService tokens, PasswordEncoder encoder) {
        this.commands = commands;
        this.tokens = tokens;
        this.encoder = encoder;
        this.dummyHash = encoder.encode(java.util.UUID.randomUUID().toString());
    }

    @PostMapping("/api/auth/token")
    TokenService.IssuedToken token(@RequestBody Credentials credentials, HttpServletRequest request) {
        Violations v = new Violations();
        if (credentials.username() == null || credentials.username().isBlank()) {
            v.error("username", "required", "必填项不能为空", "this field is required");
        }
        if (credentials.password() == null || credentials.password().isEmpty()) {
            v.error("password", "required", "必填项不能为空", "this field is required");
        }
        v.throwIfAny();
        String username = credentials.username().trim().toLowerCase(Locale.ROOT);
        Actor anonymous = new Actor(username, Role.ANONYMOUS, null, request.getRemoteAddr(),
                CorrelationIdFilter.current(), "login");
        AuthenticationResult result;
        try {
            result = commands.sendAndWait(GenericCommandMessage
                    .asCommandMessage(new AuthenticateUser(username, credentials.password()))
                    .andMetaData(AuditMetadata.of(anonymous)));
        } catch (AggregateNotFoundException | IncompatibleAggregateException unknownUser) {
            if (ChangePassword.fitsHash(credentials.password())) {
                encoder.matches(credentials.password(), dummyHash);
            }
            throw invalidCredentials();
        }
        return switch (result.outcome()) {
            case SUCCEEDED -> tokens.issue(result.username(), result.role(), result.organisationId(),
                    result.passwordChangeRequired());
            case FAILED -> throw invalidCredentials();
            case LOCKED -> throw locked(result);
        };
    }

    @PostMapping(ActorFilter.PASSWORD_PATH)
    TokenService.IssuedToken changePassword(@RequestBody PasswordChange change, Actor actor) {
        AuthenticationResult result = commands.sendAndWait(
                new ChangePassword(actor.username(), change.currentPassword(), change.newPassword()));
        return switch (result.outcome()) {
            case SUCCEEDED -> tokens.issue(actor.username(), actor.role(), actor.organisationId(), false);
            case FAILED -> throw new InvalidInputException(Violation.error("currentPassword", "password.wrong",
                    "当前密码不正确", "the current password is wrong"));
            case LOCKED -> throw locked(result);
        };
    }

    private static RegistryProblem locked(AuthenticationResult result) {
        return new RegistryProblem(RegistryProblem.Kind.ACCOUNT_LOCKED,
                "连续多次密码错误，账号已锁定至 " + TIME.format(result.lockedUntil()),
                "too many wrong passwords: the account is locked until " + TIME.format(result.lockedUntil()));
    }

    private static RegistryProblem invalidCredentials() {
        return new RegistryProblem(RegistryProblem.Kind.UNAUTHENTICATED, "用户名或密码不正确",
                "wrong user name or password");
    }
}
