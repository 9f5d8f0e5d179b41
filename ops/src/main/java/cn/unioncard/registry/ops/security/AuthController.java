package cn.unioncard.registry.ops.security;

import cn.unioncard.registry.command.account.KnownAccounts;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.AuthenticateUser;
import cn.unioncard.registry.events.account.AuthenticationResult;
import cn.unioncard.registry.events.account.ChangePassword;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.account.UserNames;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.audit.DenialKind;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.events.validation.Violations;
import cn.unioncard.registry.ops.web.CorrelationIdFilter;
import cn.unioncard.registry.ops.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

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

    /** A refused login that may be tried again later; answered with {@code Retry-After}. */
    static final class LockedOut extends RuntimeException {
        final Instant until;

        LockedOut(Instant until) {
            super("account-locked", null, false, false);
            this.until = until;
        }
    }

    /** Lock ends are shown in the city's own zone, named, so that nobody reads them as UTC. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZONE);

    private final CommandGateway commands;
    private final TokenService tokens;
    private final AccessDenials denials;
    private final KnownAccounts accounts;
    private final AttemptedNameKey nameKey;

    AuthController(CommandGateway commands, TokenService tokens, AccessDenials denials, KnownAccounts accounts,
                   AttemptedNameKey nameKey) {
        this.commands = commands;
        this.tokens = tokens;
        this.denials = denials;
        this.accounts = accounts;
        this.nameKey = nameKey;
    }

    @PostMapping("/api/auth/token")
    TokenService.IssuedToken token(@RequestBody Credentials credentials, HttpServletRequest request) {
        Violations v = new Violations();
        String username = UserNames.normalised(credentials.username());
        if (username == null || username.isEmpty()) {
            v.error("username", "required", "必填项不能为空", "this field is required");
        } else if (!UserNames.isWellFormed(username)) {
            // No account has such a name, so saying so tells nobody which accounts exist.
            v.error("username", "username.format", "用户名为 2–64 位小写字母、数字、点、下划线或连字符",
                    "a user name is 2–64 lower-case letters, digits, dots, underscores or hyphens");
        }
        if (credentials.password() == null || credentials.password().isEmpty()) {
            v.error("password", "required", "必填项不能为空", "this field is required");
        }
        v.throwIfAny();
        Actor anonymous = new Actor(username, Role.ANONYMOUS, null, request.getRemoteAddr(),
                CorrelationIdFilter.current(), "login");
        AuthenticationResult result = commands.sendAndWait(GenericCommandMessage
                .asCommandMessage(new AuthenticateUser(username, credentials.password()))
                .andMetaData(AuditMetadata.of(anonymous)));
        if (result.outcome() != AuthenticationResult.Outcome.SUCCEEDED) {
            recordDenied(username, result.outcome(), request);
        }
        return switch (result.outcome()) {
            case SUCCEEDED -> tokens.issue(result.username(), result.role(), result.organisationId(),
                    result.passwordChangeRequired(), result.tokenVersion());
            case FAILED -> throw invalidCredentials();
            case LOCKED -> throw new LockedOut(result.lockedUntil());
        };
    }

    /** Asked only after the answer is decided, so that it costs a known and an unknown name alike. */
    private void recordDenied(String username, AuthenticationResult.Outcome outcome, HttpServletRequest request) {
        boolean known = accounts.exists(username);
        Actor anonymous = new Actor(known ? username : AccessDenials.UNKNOWN_USER, Role.ANONYMOUS, null,
                request.getRemoteAddr(), CorrelationIdFilter.current(), null);
        DenialKind kind = !known ? DenialKind.UNKNOWN_USER
                : outcome == AuthenticationResult.Outcome.LOCKED ? DenialKind.ACCOUNT_LOCKED : DenialKind.WRONG_PASSWORD;
        denials.login(anonymous, kind, known ? null : nameKey.of(username));
    }

    @PostMapping(ActorFilter.PASSWORD_PATH)
    TokenService.IssuedToken changePassword(@RequestBody PasswordChange change, Actor actor) {
        AuthenticationResult result = commands.sendAndWait(
                new ChangePassword(actor.username(), change.currentPassword(), change.newPassword()));
        return switch (result.outcome()) {
            case SUCCEEDED -> tokens.issue(actor.username(), actor.role(), actor.organisationId(), false,
                    result.tokenVersion());
            case FAILED -> throw new InvalidInputException(Violation.error("currentPassword", "password.wrong",
                    "当前密码不正确", "the current password is wrong"));
            case LOCKED -> throw new LockedOut(result.lockedUntil());
        };
    }

    /**
     * 429 with {@code Retry-After}; the detail names the minutes left and the end in Asia/Shanghai.
     * Built from the lock's end only, so a name without an account is answered alike.
     */
    @ExceptionHandler(LockedOut.class)
    ResponseEntity<Object> lockedOut(LockedOut e, HttpServletRequest request) {
        long seconds = Math.max(1, Duration.between(Instant.now(), e.until).toSeconds());
        long minutes = (seconds + 59) / 60;
        // Rounded up to the minute shown, so that trying "after" it is never too early.
        String after = TIME.format(e.until.plusSeconds(59).truncatedTo(ChronoUnit.MINUTES));
        RegistryProblem.Kind kind = RegistryProblem.Kind.ACCOUNT_LOCKED;
        Map<String, Object> body = Problems.body(request, kind,
                "登录失败次数过多，请 " + minutes + " 分钟后再试（" + after + " 之后，Asia/Shanghai 时间）",
                "too many failed logins: try again in " + minutes + " minute" + (minutes == 1 ? "" : "s")
                        + " (after " + after + " Asia/Shanghai)", null);
        body.put("lockedUntil", e.until.atZone(ZONE).truncatedTo(ChronoUnit.SECONDS).toOffsetDateTime().toString());
        return ResponseEntity.status(kind.status).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .contentType(Problems.PROBLEM_JSON).body(body);
    }

    private static RegistryProblem invalidCredentials() {
        return new RegistryProblem(RegistryProblem.Kind.UNAUTHENTICATED, "用户名或密码不正确",
                "wrong user name or password");
    }
}
