package cn.unioncard.registry.command.member;

import cn.unioncard.registry.events.member.MemberAuthorisationRecorded;
import cn.unioncard.registry.events.member.MemberChanges;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberFormValidator;
import cn.unioncard.registry.events.member.MemberInfoCorrected;
import cn.unioncard.registry.events.member.MemberRegistered;
import cn.unioncard.registry.events.member.MemberStatus;
import cn.unioncard.registry.events.member.MemberTransferred;
import cn.unioncard.registry.events.member.MemberWithdrawn;
import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.events.problem.RegistryProblem;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A member, from registration through corrections, consent, transfers and withdrawal, all on one
 * id ("一次入会、动态接转"). {@link MemberCommandHandler} checks scope and the city-wide lookup
 * first; here only the member's own rules are guarded.
 */
@Aggregate
class Member {

    @AggregateIdentifier
    private String memberId;
    private String unionId;
    private MemberStatus status;
    private MemberDetails details;
    private boolean erased;

    Member() {
        // for Axon's event sourcing
    }

    Member(String memberId, String unionId, MemberFormValidator.Checked checked) {
        apply(new MemberRegistered(memberId, unionId, checked.details(), checked.idConvertedFrom15(),
                checked.warnings()));
    }

    /** A registration that says where it came from (an import's job and row) in its metadata. */
    Member(String memberId, String unionId, MemberFormValidator.Checked checked, Map<String, ?> provenance) {
        apply(new MemberRegistered(memberId, unionId, checked.details(), checked.idConvertedFrom15(),
                checked.warnings()), MetaData.from(provenance));
    }

    /** Applies only the fields that differ; a correction that changes nothing records nothing. */
    List<String> correct(MemberFormValidator.Checked checked) {
        requireActive();
        List<String> changed = MemberChanges.changedFields(details, checked.details());
        if (!changed.isEmpty()) {
            apply(new MemberInfoCorrected(memberId, changed, MemberChanges.onlyChanged(checked.details(), changed),
                    checked.idConvertedFrom15()));
        }
        return changed;
    }

    void recordAuthorisation(LocalDate receivedOn, String checkedBy, String scanReference) {
        requireActive();
        apply(new MemberAuthorisationRecorded(memberId, receivedOn, checkedBy, scanReference));
    }

    void withdraw(String reason) {
        requireActive();
        apply(new MemberWithdrawn(memberId, unionId, reason));
    }

    void transfer(String toUnionId, String newEmployerName) {
        requireActive();
        if (toUnionId.equals(unionId)) {
            throw RegistryProblem.conflict("会员已在该工会", "the member already belongs to that union");
        }
        apply(new MemberTransferred(memberId, unionId, toUnionId, newEmployerName));
    }

    /**
     * Crypto-shredding: the key goes with this event (see PersonalDataErased). Never refused for a
     * member in a batch: the DPO's decision wins, and the batches record it (MemberFollowUp).
     */
    void erasePersonalData(String legalBasis) {
        if (erased) {
            throw RegistryProblem.conflict("该会员的个人信息已删除", "this member's personal data has already been erased");
        }
        apply(new PersonalDataErased(memberId, unionId, legalBasis, status == MemberStatus.ACTIVE));
    }

    MemberDetails details() {
        return details;
    }

    String unionId() {
        return unionId;
    }

    /** Refuses changes to a withdrawn or erased member; checked before a correction is validated. */
    void requireActive() {
        if (erased) {
            throw RegistryProblem.conflict("该会员的个人信息已删除，不能再修改",
                    "this member's personal data was erased; the member cannot be changed");
        }
        if (status != MemberStatus.ACTIVE) {
            throw RegistryProblem.conflict("该会员已退会，不能再修改", "the member has withdrawn and cannot be changed");
        }
    }

    @EventSourcingHandler
    void on(MemberRegistered event) {
        memberId = event.memberId();
        unionId = event.unionId();
        details = event.details();
        status = MemberStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(MemberInfoCorrected event) {
        details = MemberChanges.merge(details, event.corrected(), event.changedFields());
    }

    @EventSourcingHandler
    void on(MemberTransferred event) {
        unionId = event.toUnionId();
        if (event.newEmployerName() != null) {
            details = MemberChanges.withEmployer(details, event.newEmployerName());
        }
    }

    @EventSourcingHandler
    void on(MemberWithdrawn event) {
        status = MemberStatus.WITHDRAWN;
    }

    @EventSourcingHandler
    void on(PersonalDataErased event) {
        erased = true;
        if (event.membershipEnded()) {
            status = MemberStatus.WITHDRAWN;
        }
    }
}
