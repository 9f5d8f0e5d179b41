package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.member.MemberAuthorisationRecorded;
import cn.unioncard.registry.events.member.MemberChanges;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberInfoCorrected;
import cn.unioncard.registry.events.member.MemberRegistered;
import cn.unioncard.registry.events.member.MemberStatus;
import cn.unioncard.registry.events.member.MemberTransferred;
import cn.unioncard.registry.events.member.MemberWithdrawn;
import cn.unioncard.registry.events.member.PersonalDataErased;

import java.time.LocalDate;

/** A member as they stood, folded from their events as the member aggregate and directory fold them. */
final class MemberAsOf {

    /** The facts folded; {@code details} in clear, for the controller to mask. */
    record Facts(String unionId, MemberStatus status, boolean authorised, LocalDate authorisedOn, boolean erased,
                 MemberDetails details) {
    }

    private MemberAsOf() {
    }

    static Facts fold(AsOfEvents.Trail trail) {
        Facts f = new Facts(null, null, false, null, false, null);
        for (AsOfEvents.Past p : trail.events()) {
            Object e = p.payload();
            if (e instanceof MemberRegistered r) {
                f = new Facts(r.unionId(), MemberStatus.ACTIVE, false, null, false, r.details());
            } else if (e instanceof MemberInfoCorrected c) {
                f = new Facts(f.unionId(), f.status(), f.authorised(), f.authorisedOn(), f.erased(),
                        MemberChanges.merge(f.details(), c.corrected(), c.changedFields()));
            } else if (e instanceof MemberAuthorisationRecorded a) {
                f = new Facts(f.unionId(), f.status(), true, a.receivedOn(), f.erased(), f.details());
            } else if (e instanceof MemberTransferred t) {
                f = new Facts(t.toUnionId(), f.status(), f.authorised(), f.authorisedOn(), f.erased(),
                        t.newEmployerName() == null ? f.details() : MemberChanges.withEmployer(f.details(), t.newEmployerName()));
            } else if (e instanceof MemberWithdrawn) {
                f = new Facts(f.unionId(), MemberStatus.WITHDRAWN, f.authorised(), f.authorisedOn(), f.erased(), f.details());
            } else if (e instanceof PersonalDataErased d) {
                f = new Facts(f.unionId(), d.membershipEnded() ? MemberStatus.WITHDRAWN : f.status(), f.authorised(),
                        f.authorisedOn(), true, f.details());
            }
        }
        return f;
    }
}
