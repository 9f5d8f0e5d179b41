package cn.unioncard.registry.command.union;

import cn.unioncard.registry.command.account.OneTimePasswords;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.CreateUserAccount;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.union.RegisterUnion;
import cn.unioncard.registry.events.union.UnionForm;
import cn.unioncard.registry.events.union.UnionFormValidator;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.union.UnionRegistration;
import cn.unioncard.registry.events.union.UpdateUnionProfile;
import cn.unioncard.registry.events.validation.Violations;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;

/**
 * Registers unions and corrects their profiles. Set-based rules live here, next to the lookup
 * they need: who may register what under which parent, and the city-wide unique system code.
 */
@Component
class UnionCommandHandler {

    private final Repository<Union> unions;
    private final UnionTree tree;
    private final CommandGateway commands;
    private final OneTimePasswords passwords;
    private final Clock clock;

    UnionCommandHandler(Repository<Union> unions, UnionTree tree, CommandGateway commands,
                        OneTimePasswords passwords, Clock clock) {
        this.unions = unions;
        this.tree = tree;
        this.commands = commands;
        this.passwords = passwords;
        this.clock = clock;
    }

    @CommandHandler
    UnionRegistration handle(RegisterUnion command, MetaData metaData) throws Exception {
        Actor actor = AuditMetadata.from(metaData);
        UnionForm form = command.form();
        UnionLevel level = requireLevel(form);
        checkMayRegister(actor, form, level);

        UnionFormValidator.Checked checked = UnionFormValidator.check(form, level, LocalDate.now(clock));
        String code = tree.add(command.unionId(), form.parentId(), level);
        unions.newInstance(() -> new Union(command.unionId(), form.parentId(), level, checked, code));

        if (level != UnionLevel.GRASSROOTS) {
            return new UnionRegistration(command.unionId(), code, null, null);
        }
        // The grassroots union's clerk logs in with the system code (seed §一(二)3(3)); the
        // one-time password is answered once to the registering reviewer and never stored in clear.
        String password = passwords.generate();
        commands.sendAndWait(operatorAccount(code, checked.profile().name(), command.unionId(),
                passwords.hash(password)));
        return new UnionRegistration(command.unionId(), code, code, password);
    }

    /** A grassroots union's operator account: its system code as login name, a password to change first. */
    static CreateUserAccount operatorAccount(String systemCode, String unionName, String unionId, String passwordHash) {
        return new CreateUserAccount(systemCode, unionName, Role.UNION_OPERATOR, unionId, passwordHash, true);
    }

    @CommandHandler
    long handle(UpdateUnionProfile command, MetaData metaData) throws Exception {
        Actor actor = AuditMetadata.from(metaData);
        UnionTree.Node node = tree.requireWritable(actor, command.unionId());
        Permission.toEditProfile(node.level()).require(actor);
        UnionForm form = command.form();
        if ((form.parentId() != null && !form.parentId().equals(node.parentId()))
                || (form.level() != null && form.level() != node.level())) {
            new Violations().error("parentId", "union.move-not-supported", "上级工会和级别登记后不能修改",
                    "parent and level cannot change after registration").throwIfAny();
        }
        UnionFormValidator.Checked checked = UnionFormValidator.check(form, node.level(), LocalDate.now(clock));
        var aggregate = unions.load(command.unionId(), command.expectedVersion());
        aggregate.execute(union -> union.updateProfile(checked));
        return aggregate.version();
    }

    private static UnionLevel requireLevel(UnionForm form) {
        Violations v = new Violations();
        if (form.level() == null) {
            v.error("level", "required", "必填项不能为空", "this field is required");
        }
        if (form.level() != UnionLevel.CITY && (form.parentId() == null || form.parentId().isBlank())) {
            v.error("parentId", "required", "必填项不能为空", "this field is required");
        }
        v.throwIfAny();
        return form.level();
    }

    private void checkMayRegister(Actor actor, UnionForm form, UnionLevel level) {
        if (level == UnionLevel.CITY) {
            if (!Permission.REGISTER_CITY.allows(actor) || tree.root().isPresent()) {
                throw Permission.REGISTER_CITY.refusal();
            }
            return;
        }
        UnionTree.Node parent = tree.requireWritable(actor, form.parentId());
        // Scope (404), then permission (403), then the form's content (400).
        Permission.toRegister(level).require(actor);
        if (parent.level() == UnionLevel.GRASSROOTS) {
            new Violations().error("parentId", "union.grassroots-has-no-children", "基层工会下不能再登记工会",
                    "a grassroots union has no unions under it").throwIfAny();
        }
        if (parent.level().childLevel() != level) {
            new Violations().error("level", "union.level-mismatch",
                    "该上级工会下只能登记" + (parent.level() == UnionLevel.CITY ? "区、产业工会" : "基层工会"),
                    "a union of level " + parent.level() + " can only have children of level "
                            + parent.level().childLevel()).throwIfAny();
        }
    }
}
