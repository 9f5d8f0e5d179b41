package cn.unioncard.registry.command.account;

import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.CreateUserAccount;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.Actor;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.FormFields;
import cn.unioncard.registry.events.validation.Violations;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.Repository;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Opens accounts. Who may open which: the city's admin anything; a district reviewer only
 * reviewers of its own district and operators of grassroots unions under it.
 */
@Component
class AccountCommandHandler {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    // All-digit names are union system codes, kept for the unions' operator accounts; names shaped
    // like an aggregate id (a UUID) would collide with a union's or member's event stream.
    private static final Pattern SYSTEM_CODE = Pattern.compile("\\d+");
    private static final Pattern UUID_SHAPE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Repository<UserAccount> accounts;
    private final Credentials credentials;
    private final UnionTree tree;
    private final OneTimePasswords passwords;
    private final Clock clock;

    AccountCommandHandler(Repository<UserAccount> accounts, Credentials credentials, UnionTree tree,
                          OneTimePasswords passwords, Clock clock) {
        this.accounts = accounts;
        this.credentials = credentials;
        this.tree = tree;
        this.passwords = passwords;
        this.clock = clock;
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
            checkMayOpen(actor, command.role(), org);
        }
        Violations v = new Violations();
        if (command.username() == null || !USERNAME.matcher(command.username()).matches()) {
            v.error("username", "username.format", "用户名为 2–64 位小写字母、数字、点、下划线或连字符",
                    "a user name is 2–64 lower-case letters, digits, dots, underscores or hyphens");
        } else if (UUID_SHAPE.matcher(command.username()).matches()) {
            v.error("username", "username.reserved", "用户名不能是编号格式", "a user name cannot have the shape of an id");
        }
        if (command.role() == null || command.role() == Role.SYSTEM || command.role() == Role.ANONYMOUS) {
            v.error("role", "role.unknown", "角色无效", "unknown role");
        }
        String displayName = FormFields.text(v, "displayName", command.displayName(), false, 1, 100);
        if (command.organisationId() == null || command.organisationId().isBlank()) {
            v.error("unionId", "required", "必填项不能为空", "this field is required");
        }
        v.throwIfAny();

        if (SYSTEM_CODE.matcher(command.username()).matches()
                && !(command.role() == Role.UNION_OPERATOR && command.username().equals(org.systemCode()))) {
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
        UnionLevel expected = switch (role) {
            case DISTRICT_REVIEWER -> UnionLevel.DISTRICT;
            case UNION_OPERATOR -> UnionLevel.GRASSROOTS;
            default -> UnionLevel.CITY;
        };
        if (expected != level) {
            new Violations().error("unionId", "role.wrong-level", "该角色的账号应属于" + switch (expected) {
                case CITY -> "市总工会";
                case DISTRICT -> "区、产业工会";
                case GRASSROOTS -> "基层工会";
            }, "an account of role " + role + " belongs to a union of level " + expected).throwIfAny();
        }
    }

    private static void checkMayOpen(Actor actor, Role role, UnionTree.Node org) {
        boolean allowed = switch (actor.role()) {
            case SYSTEM, CITY_ADMIN -> true;
            case DISTRICT_REVIEWER -> role == Role.DISTRICT_REVIEWER || role == Role.UNION_OPERATOR;
            default -> false;
        };
        if (!allowed) {
            throw RegistryProblem.forbidden("您的角色不能开设该类账号", "your role cannot open accounts of this role");
        }
    }
}
