package cn.unioncard.registry.command.member;

import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.member.CorrectMemberInfo;
import cn.unioncard.registry.events.member.ErasePersonalData;
import cn.unioncard.registry.events.member.MemberFormValidator;
import cn.unioncard.registry.events.member.MemberRegistration;
import cn.unioncard.registry.events.member.RecordAuthorisation;
import cn.unioncard.registry.events.member.RegisterMember;
import cn.unioncard.registry.events.member.TransferMember;
import cn.unioncard.registry.events.member.WithdrawMember;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.FormFields;
import cn.unioncard.registry.events.validation.Violations;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Member commands. Scope comes first (outside it a member does not exist), then the city-wide
 * one-membership rule, kept in the same transaction as the events.
 */
@Component
class MemberCommandHandler {

    private final Repository<Member> members;
    private final MembershipIndex index;
    private final UnionTree tree;
    private final Clock clock;
    private final List<MemberFollowUp> followUps;

    MemberCommandHandler(Repository<Member> members, MembershipIndex index, UnionTree tree, Clock clock) {
        this(members, index, tree, clock, List.of());
    }

    @Autowired
    MemberCommandHandler(Repository<Member> members, MembershipIndex index, UnionTree tree, Clock clock,
                         List<MemberFollowUp> followUps) {
        this.members = members;
        this.index = index;
        this.tree = tree;
        this.clock = clock;
        this.followUps = List.copyOf(followUps);
    }

    @CommandHandler
    MemberRegistration handle(RegisterMember command, MetaData metaData) throws Exception {
        Actor actor = AuditMetadata.from(metaData);
        UnionTree.Node union = grassrootsToRegisterIn(tree, actor, command.unionId());
        MemberFormValidator.Checked checked = MemberFormValidator.check(command.form(), today());
        try {
            index.add(command.memberId(), union.unionId(), checked.details().idNumber());
        } catch (MembershipIndex.AlreadyMember e) {
            throw alreadyMember(tree, actor, e.unionId);
        }
        members.newInstance(() -> new Member(command.memberId(), union.unionId(), checked));
        return new MemberRegistration(command.memberId(), 0, checked.idConvertedFrom15(), checked.warnings());
    }

    @CommandHandler
    long handle(CorrectMemberInfo command, MetaData metaData) throws Exception {
        Actor actor = writer(metaData, command.memberId());
        Aggregate<Member> member = members.load(command.memberId(), command.expectedVersion());
        // An erased member's stored form reads as erased: say so, rather than that it is invalid.
        member.execute(Member::requireActive);
        MemberFormValidator.Checked checked = MemberFormValidator.check(MemberFormValidator.overlay(
                MemberFormValidator.formOf(member.invoke(Member::details)), command.form()), today());
        if (!checked.details().idNumber().equals(member.invoke(Member::details).idNumber())) {
            try {
                index.changeIdNumber(command.memberId(), checked.details().idNumber());
            } catch (MembershipIndex.AlreadyMember e) {
                throw alreadyMember(tree, actor, e.unionId);
            }
        }
        List<String> changed = member.invoke(m -> m.correct(checked));
        if (!changed.isEmpty()) {
            followUps.forEach(f -> f.changed(command.memberId()));
        }
        return member.version();
    }

    @CommandHandler
    void handle(RecordAuthorisation command, MetaData metaData) throws Exception {
        Actor actor = writer(metaData, command.memberId());
        LocalDate receivedOn = command.receivedOn() == null ? today() : command.receivedOn();
        if (receivedOn.isAfter(today())) {
            new Violations().error("receivedOn", "date.future", "收到日期不能晚于今天",
                    "the date received cannot be in the future").throwIfAny();
        }
        Violations v = new Violations();
        String scan = FormFields.text(v, "scanReference", command.scanReference(), false, 1, 200);
        v.throwIfAny();
        members.load(command.memberId()).execute(m -> m.recordAuthorisation(receivedOn, actor.username(), scan));
        index.authorise(command.memberId(), receivedOn);
    }

    @CommandHandler
    void handle(WithdrawMember command, MetaData metaData) throws Exception {
        Actor actor = writer(metaData, command.memberId());
        Violations v = new Violations();
        String reason = FormFields.text(v, "reason", command.reason(), true, 2, 200);
        v.throwIfAny();
        members.load(command.memberId()).execute(m -> m.withdraw(reason));
        index.deactivate(command.memberId());
        followUps.forEach(f -> f.changed(command.memberId()));
        followUps.forEach(f -> f.withdrawn(command.memberId()));
    }

    @CommandHandler
    void handle(TransferMember command, MetaData metaData) throws Exception {
        Actor actor = writer(metaData, command.memberId());
        UnionTree.Node target = command.toSystemCode() == null ? null
                : tree.findByCode(command.toSystemCode().trim()).orElse(null);
        if (target == null || target.level() != UnionLevel.GRASSROOTS) {
            new Violations().error("toSystemCode", "union.unknown-code", "没有这个基层工会系统编码",
                    "no grassroots union has this system code").throwIfAny();
        }
        // The same rule as the form's employer name: a transfer must not store what a correction would refuse.
        Violations v = new Violations();
        String employer = FormFields.text(v, "newEmployerName", command.newEmployerName(), false, 2, 200);
        v.throwIfAny();
        members.load(command.memberId()).execute(m -> m.transfer(target.unionId(), employer));
        index.move(command.memberId(), target.unionId());
        followUps.forEach(f -> f.changed(command.memberId()));
    }

    /**
     * Only the data-protection officer erases, citing the legal basis; the DPO sees the whole city.
     * The lookup forgets the ID number in the same transaction; batches holding the member record
     * the erasure in the same unit of work ({@link MemberFollowUp}).
     */
    @CommandHandler
    void handle(ErasePersonalData command, MetaData metaData) throws Exception {
        Actor actor = AuditMetadata.from(metaData);
        visible(actor, command.memberId());
        Permission.ERASE_PERSONAL_DATA.require(actor);
        Violations v = new Violations();
        String legalBasis = FormFields.text(v, "legalBasis", command.legalBasis(), true, 5, 500);
        v.throwIfAny();
        members.load(command.memberId()).execute(m -> m.erasePersonalData(legalBasis));
        index.forget(command.memberId());
        followUps.forEach(f -> f.erased(command.memberId()));
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    /** Scope first (outside it the member does not exist: 404), then the role (403). */
    private Actor writer(MetaData metaData, String memberId) {
        Actor actor = AuditMetadata.from(metaData);
        visible(actor, memberId);
        Permission.CHANGE_MEMBERS.require(actor);
        return actor;
    }

    /** The member's lookup entry, if its current union is in the actor's subtree; else "not found". */
    private MembershipIndex.Entry visible(Actor actor, String memberId) {
        MembershipIndex.Entry entry = index.find(memberId).orElseThrow(() -> RegistryProblem.notFound("member"));
        if (!tree.isVisible(actor, entry.unionId())) {
            throw RegistryProblem.notFound("member");
        }
        return entry;
    }

    /** The union a member is registered in, typed or imported: visible (404), the right role (403), grassroots. */
    static UnionTree.Node grassrootsToRegisterIn(UnionTree tree, Actor actor, String unionId) {
        UnionTree.Node union = tree.requireVisible(actor, unionId);
        Permission.CHANGE_MEMBERS.require(actor);
        if (union.level() != UnionLevel.GRASSROOTS) {
            new Violations().error("unionId", "union.not-grassroots", "会员只能登记在基层工会",
                    "members are registered in grassroots unions only").throwIfAny();
        }
        return union;
    }

    /** Names the other union's system code only when the caller may see that union. */
    static RegistryProblem alreadyMember(UnionTree tree, Actor actor, String unionId) {
        String where = unionId != null && tree.isVisible(actor, unionId)
                ? tree.find(unionId).map(UnionTree.Node::systemCode).orElse(null) : null;
        return where == null
                ? RegistryProblem.conflict("该证件号码已是其他工会的在册会员", "this ID number is already an active member elsewhere")
                : RegistryProblem.conflict("该证件号码已是工会 " + where + " 的在册会员",
                "this ID number is already an active member of union " + where);
    }
}
