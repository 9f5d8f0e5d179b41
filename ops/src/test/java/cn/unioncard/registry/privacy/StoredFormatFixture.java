package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.member.MemberAuthorisationRecorded;
import cn.unioncard.registry.events.member.MemberChanges;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberInfoCorrected;
import cn.unioncard.registry.events.member.MemberTransferred;
import cn.unioncard.registry.events.member.MemberWithdrawn;
import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;

import java.time.LocalDate;
import java.util.List;

/**
 * One member's life in events, every event type that carries personal data (and one that does
 * not): what the stored-format tests write, and what the pd1 fixture ({@code privacy/pd1-events.json})
 * was written from, by the pd1 writer itself (Pd1FixtureGenerator, in commit 5af77b9, removed with
 * that writer). Change nothing here that the fixture's events depend on.
 */
final class StoredFormatFixture {

    private StoredFormatFixture() {
    }

    static MemberDetails details() {
        return MemberData.details(ResidentIds.VALID_ID).build();
    }

    static List<Record> events(String member) {
        MemberDetails before = details();
        MemberDetails after = MemberData.Details.of(before).with(d -> {
            d.name = "欧阳晓雯";
            d.mobile = "13959201735";
            d.idExpiry = null;
            d.idLongTerm = true;
        }).build();
        List<String> changed = MemberChanges.changedFields(before, after);
        return List.of(
                MemberData.registered(member, "union-1", before),
                new MemberInfoCorrected(member, changed, MemberChanges.onlyChanged(after, changed), false),
                new MemberAuthorisationRecorded(member, LocalDate.of(2024, 6, 3), "clerk-7", "scan/2024/06/0423.pdf"),
                new MemberTransferred(member, "union-1", "union-2", "厦门海沧港务物流有限公司"),
                new MemberWithdrawn(member, "union-2", "调往外地工作"),
                new PersonalDataErased(member, "union-2", "本人申请", false));
    }

    /** Clear values of the events above that must never appear in stored bytes. */
    static List<String> secrets() {
        return List.of(MemberData.NAME, ResidentIds.VALID_ID, MemberData.MOBILE, MemberData.ADDRESS,
                MemberData.EMPLOYER, "欧阳晓雯", "13959201735", "scan/2024/06/0423.pdf", "厦门海沧港务物流有限公司",
                "调往外地工作", "2036-08-17", "福建省", "厦门市");
    }
}
