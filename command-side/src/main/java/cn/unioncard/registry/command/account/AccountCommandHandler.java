package cn.unioncard.registry.command.account;

import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.AuthenticateUser;
import cn.unioncard.registry.events.account.AuthenticationResult;
import cn.unioncard.registry.events.account.ChangePassword;
import cn.unioncard.registry.events.account.CreateUserAccount;
import cn.unioncard.registry.events.account.PasswordRules;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.account.ResetPassword;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.account.UnlockAccount;
import cn.unioncard.registry.events.account.UserNames;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.FormFields;
import cn.unioncard.registry.events.validation.Violations;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Opens accounts and handles logins, password changes, unlocks and resets. Who may open which: the city's
 * admin anything; a district reviewer only reviewers of its own district and operators of grassroots
 * unions under it (see {@link Permission#toOpen}).
 */
@Component
class AccountCommandHandler {

    // All-digit names are union system codes, kept for the unions' operator accounts; names shaped
    // like an aggregate id (a UUID) would collide with a union's or member's event stream.
    private static final Pattern SYSTEM_CODE = Pattern.compile("\\d+");
    private static final Pattern UUID_SHAPE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Repository<UserAccount> accounts;
    private final Credentials credentials;
    private final UnionTree tree;
    private final OneTimePasswords passwords;
    private final LoginThrottle throttle;
    private final PasswordEncoder encoder;
    private final Clock clock;
    // A hash of nothing anyone knows: a name without an account costs the same check as a wrong password.
    private final String dummyHash;

    AccountCommandHandler(Repository<UserAccount> accounts, Credentials credentials, UnionTree tree,
                          OneTimePasswords passwords, LoginThrottle throttle, PasswordEncoder encoder, Clock clock) {
        this.accounts = accounts;
        this.credentials = credentials;
        this.tree = tree;
        this.passwords = passwords;
        this.throttle = throttle;
        this.encoder = encoder;
        this.clock = clock;
        this.dummyHash = encoder.encode(UUID.randomUUID().toString());
    }

    /**
     * A login. Whether the name has an account or not, the same throttle rows are locked, the same
     * password check and the same counting happen and the same answers come back; only a real account
     * is loaded and records events.
     */
    @CommandHandler
    AuthenticationResult handle(AuthenticateUser command, MetaData metaData) {
        Attempt attempt = begin(command.username(), metaData);
        if (attempt.locked != null) {
            return attempt.locked;
        }
        if (!passwordMatches(command.password(), attempt.current)) {
            return failed(command.username(), attempt);
        }
        throttle.succeeded(command.username(), attempt.counted);
        // The version read with the hash just checked: a password change committed since waited for us.
        long version = attempt.current.get().tokenVersion();
        return attempt.account.invoke(a -> a.loggedIn(version));
    }

    /**
     * A wrong current password counts like a wrong login, so a stolen token cannot be used to guess
     * the password without running into the locks. A weak new password is refused with its reasons.
     */
    @CommandHandler
    AuthenticationResult handle(ChangePassword command, MetaData metaData) {
        String username = command.username();
        Attempt attempt = begin(username, metaData);
        if (attempt.locked != null) {
            return attempt.locked;
        }
        if (!passwordMatches(command.currentPassword(), attempt.current)) {
            return failed(username, attempt);
        }
        Violations v = PasswordRules.check("newPassword", username, command.newPassword(), new Violations());
        if (!v.hasErrors() && command.newPassword().equals(command.currentPassword())) {
            v.error("newPassword", "password.unchanged", "新密码不能与当前密码相同",
                    "the new password must differ from the current one");
        }
        v.throwIfAny();
        credentials.replace(username, encoder.encode(command.newPassword()), attempt.counted.now());
        throttle.succeeded(username, attempt.counted);
        long version = credentials.tokenVersion(username);
        return attempt.account.invoke(a -> a.passwordChanged(version));
    }

    /** What a login or password change has taken before the password check. */
    private static final class Attempt {
        AuthenticationResult locked;
        Aggregate<UserAccount> account;
        Optional<Credentials.Current> current = Optional.empty();
        LoginThrottle.Attempt counted;
    }

    /**
     * Locks in one order, which an unlock also follows: the account (Axon's lock), its credential row,
     * then the throttle rows; checks the locks again under them. A lock seen before taking anything
     * refuses at once, so a flood against a lock costs no row lock, event load or password check.
     */
    private Attempt begin(String username, MetaData metaData) {
        String address = addressOf(metaData);
        Instant now = clock.instant();
        Attempt attempt = new Attempt();
        LoginThrottle.Attempt unlocked = throttle.attempt(username, address, now);
        Optional<Instant> locked = throttle.lockedUntil(unlocked);
        if (locked.isEmpty()) {
            boolean exists = credentials.hashOf(username).isPresent();
            attempt.account = exists ? accounts.load(username) : null;
            // For an unknown name this locks nothing (no row); its throttle rows are locked alike below.
            attempt.current = credentials.lockFor(username).filter(c -> exists);
            attempt.counted = throttle.begin(unlocked);
            locked = throttle.lockedUntil(attempt.counted);
        }
        // Refused without a password check or an event: a flood costs neither CPU nor storage.
        attempt.locked = locked.map(until -> AuthenticationResult.locked(username, until)).orElse(null);
        return attempt;
    }

    private static String addressOf(MetaData metaData) {
        Actor actor = AuditMetadata.from(metaData);
        return LoginThrottle.addressKey(actor == null ? null : actor.clientAddress());
    }

    private boolean passwordMatches(String password, Optional<Credentials.Current> current) {
        // Too long for BCrypt: refused unchecked, for a known and an unknown name alike.
        boolean matches = ChangePassword.fitsHash(password)
                && encoder.matches(password, current.map(Credentials.Current::hash).orElse(dummyHash));
        return matches && current.isPresent();
    }

    private AuthenticationResult failed(String username, Attempt attempt) {
        LoginThrottle.Failure failure = throttle.failed(attempt.counted);
        if (attempt.account != null) {
            // A stranger lock does not revoke the account's tokens: anyone can start one (README).
            attempt.account.execute(a -> a.loginFailed(failure, attempt.counted.address()));
        }
        return failure.lockedUntil().map(until -> AuthenticationResult.locked(username, until))
                .orElseGet(() -> AuthenticationResult.failed(username));
    }

    /**
     * Scope first: outside the caller's subtree the account does not exist (404); inside it only the
     * city admin and district reviewers may unlock (403). The account's lock comes first, as for a login.
     */
    @CommandHandler
    void handle(UnlockAccount command, MetaData metaData) {
        Actor actor = AuditMetadata.from(metaData);
        accounts.load(command.username()).execute(account -> account.unlock(actor, tree, throttle));
    }

    /**
     * Answers a fresh one-time password, after the unlock's checks and in its lock order: the account,
     * then its credential row (the new hash, and the token version moved on, which revokes every earlier
     * token), then its throttle rows (every lock lifted). Hashed only once the caller may reset.
     */
    @CommandHandler
    String handle(ResetPassword command, MetaData metaData) {
        Actor actor = AuditMetadata.from(metaData);
        String username = command.username();
        accounts.load(username).execute(account -> account.resetPassword(actor, tree));
        String oneTimePassword = passwords.generate();
        credentials.replace(username, passwords.hash(oneTimePassword), clock.instant());
        throttle.clear(username);
        return oneTimePassword;
    }

    /**
     * Answers the one-time password it made when the command brings no password hash (an account
     * opened over the API), so that a retried request can be answered with the same one.
     */
    @CommandHandler
    String handle(CreateUserAccount command, MetaData metaData) throws Exception {
        Actor actor = AuditMetadata.from(metaData);
        // Scope (404), then permission (403), then the request's content (400).
        UnionTree.Node org = command.organisationId() == null || command.organisationId().isBlank() ? null
                : tree.requireWritable(actor, command.organisationId());
        if (org != null) {
            Permission.toOpen(command.role()).require(actor);
        }
        Violations v = new Violations();
        if (!UserNames.isWellFormed(command.username())) {
            v.error("username", "username.format", "用户名为 2–64 位小写字母、数字、点、下划线或连字符",
                    "a user name is 2–64 lower-case letters, digits, dots, underscores or hyphens");
        } else if (UUID_SHAPE.matcher(command.username()).matches()) {
            v.error("username", "username.reserved", "用户名不能是编号格式", "a user name cannot have the shape of an id");
        }
        if (!Permission.isAccountRole(command.role())) {
            v.error("role", "role.unknown", "角色无效", "unknown role");
        }
        String displayName = FormFields.text(v, "displayName", command.displayName(), false, 1, 100);
        if (command.organisationId() == null || command.organisationId().isBlank()) {
            v.error("unionId", "required", "必填项不能为空", "this field is required");
        }
        v.throwIfAny();

        if (SYSTEM_CODE.matcher(command.username()).matches()
                && !(Permission.logsInWithSystemCode(command.role()) && command.username().equals(org.systemCode()))) {
            v.error("username", "username.reserved", "纯数字用户名保留给基层工会（即其系统编码）",
                    "all-digit user names are kept for grassroots unions (their system code)").throwIfAny();
        }
        checkRoleFitsLevel(command.role(), org.level());
        String oneTimePassword = command.passwordHash() == null ? passwords.generate() : null;
        String hash = oneTimePassword == null ? command.passwordHash() : passwords.hash(oneTimePassword);
        try {
            credentials.create(command.username(), hash, clock.instant());
        } catch (DuplicateKeyException e) {
            throw RegistryProblem.conflict("用户名已被使用", "the user name is taken");
        }
        accounts.newInstance(() -> new UserAccount(command.username(), displayName, command.role(),
                command.organisationId(), command.passwordChangeRequired()));
        return oneTimePassword;
    }

    private static void checkRoleFitsLevel(Role role, UnionLevel level) {
        UnionLevel expected = Permission.accountLevel(role);
        if (expected != level) {
            new Violations().error("unionId", "role.wrong-level", "该角色的账号应属于" + switch (expected) {
                case CITY -> "市总工会";
                case DISTRICT -> "区、产业工会";
                case GRASSROOTS -> "基层工会";
            }, "an account of role " + role + " belongs to a union of level " + expected).throwIfAny();
        }
    }
}
