package cn.unioncard.registry.query.statistics;

import cn.unioncard.registry.events.batch.BatchApproved;
import cn.unioncard.registry.events.batch.BatchHandedToBank;
import cn.unioncard.registry.events.batch.BatchMember;
import cn.unioncard.registry.events.batch.BatchMemberReturned;
import cn.unioncard.registry.events.batch.BatchPartlyApproved;
import cn.unioncard.registry.events.batch.BatchRejected;
import cn.unioncard.registry.events.batch.BatchSubmitted;
import cn.unioncard.registry.events.card.ActivationChannel;
import cn.unioncard.registry.events.card.CardActivated;
import cn.unioncard.registry.events.card.CardCancelled;
import cn.unioncard.registry.events.card.CardCancellationReason;
import cn.unioncard.registry.events.card.CardHandedOut;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.card.QualificationDeclined;
import cn.unioncard.registry.events.codes.CardType;
import cn.unioncard.registry.events.member.MemberAuthorisationRecorded;
import cn.unioncard.registry.events.member.MemberTransferred;
import cn.unioncard.registry.events.member.MemberWithdrawn;
import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.union.UnionProfile;
import cn.unioncard.registry.events.union.UnionProfileUpdated;
import cn.unioncard.registry.events.union.UnionRegistered;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One story of the statistics as events, with every figure worked out by hand in
 * {@link StatisticsModelTest}: three grassroots unions in two districts, seven members who reach
 * every step, fall back, withdraw, are erased or move.
 */
final class StatisticsEvents {

    static final String CITY = "city";
    static final String D1 = "d1";
    static final String D2 = "d2";
    static final String G1 = "g1";
    static final String G2 = "g2";
    static final String G3 = "g3";
    static final LocalDate DAY = LocalDate.of(2026, 11, 2);

    private StatisticsEvents() {
    }

    static UnionProfile profile(String name, Integer staff, Integer members, Integer migrants, Integer dispatched,
                                Integer insured) {
        return new UnionProfile(name, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, staff, members, migrants, dispatched, null, insured, null, null, null,
                null, null);
    }

    static UnionRegistered union(String id, String parent, UnionLevel level, UnionProfile profile) {
        return new UnionRegistered(id, parent, level, profile, List.of());
    }

    /** A member of {@code union}: born {@code year}, male when {@code sequence} is odd; card type applied. */
    static Object member(String id, String union, int year, int sequence, String cardType) {
        MemberData.Details d = MemberData.details(ResidentIds.of("350203", LocalDate.of(year, 3, 4), sequence));
        d.cardType = cardType;
        return MemberData.registered(id, union, d.build());
    }

    static Object otherDocument(String id, String union) {
        MemberData.Details d = MemberData.details();
        d.idType = "2";
        d.idNumber = "G12345678";
        d.education = "2";
        return MemberData.registered(id, union, d.build());
    }

    static Object consent(String id) {
        return new MemberAuthorisationRecorded(id, DAY, "clerk", "SQ-1");
    }

    static Object submitted(String batch, String union, String... ids) {
        List<BatchMember> members = new ArrayList<>();
        for (String id : ids) {
            members.add(new BatchMember(id, 2, false));
        }
        return new BatchSubmitted(batch, union, members, ids.length, "0".repeat(64), null, "clerk", false);
    }

    /** The story, in order. */
    static List<Object> story() {
        List<Object> e = new ArrayList<>();
        e.add(union(CITY, null, UnionLevel.CITY, profile("市总工会", null, null, null, null, null)));
        e.add(union(D1, CITY, UnionLevel.DISTRICT, profile("一区", null, null, null, null, null)));
        e.add(union(D2, CITY, UnionLevel.DISTRICT, profile("二区", null, null, null, null, null)));
        e.add(union(G1, D1, UnionLevel.GRASSROOTS, profile("甲工会", 100, 80, 10, 5, 90)));
        e.add(union(G2, D1, UnionLevel.GRASSROOTS, profile("乙工会", 20, 10, 1, 1, 10)));
        e.add(union(G3, D2, UnionLevel.GRASSROOTS, profile("丙工会", null, null, null, null, null)));
        e.add(new UnionProfileUpdated(G2, profile("乙工会", 50, 40, 4, 3, 30), List.of()));
        e.add(member("m1", G1, 1990, 1, "1"));
        e.add(member("m2", G1, 1970, 2, "2"));
        e.add(member("m3", G1, 2005, 3, "1"));
        e.add(otherDocument("m4", G1));
        e.add(member("m5", G2, 1960, 4, "1"));
        e.add(member("m6", G2, 1980, 5, "1"));
        e.add(member("m7", G3, 1995, 7, "1"));
        e.add(consent("m1"));
        e.add(consent("m2"));
        e.add(consent("m3"));
        e.add(consent("m7"));
        e.add(submitted("b1", G1, "m1", "m2", "m3"));
        e.add(submitted("b2", G3, "m7"));
        e.add(new BatchPartlyApproved("b1", G1, 2, List.of("m3"), D1));
        e.add(new BatchMemberReturned("b1", "m3", "照片不清"));
        e.add(new BatchRejected("b2", G3, "重报", D2));
        e.add(new BatchHandedToBank("b1", G1, "思明支行", DAY, "clerk"));
        e.add(new CardIssued("c1", "m1", G1, "b1", "r1", "6222000000000001", CardType.DEBIT, "思明支行", DAY));
        e.add(new CardIssued("c2", "m2", G1, "b1", "r1", "6222000000000002", CardType.DEBIT, "思明支行", DAY));
        e.add(new QualificationDeclined("c2", "m2", "b1"));
        e.add(new CardHandedOut("c1", "m1", DAY, "clerk"));
        e.add(new CardActivated("c1", "m1", ActivationChannel.values()[0], "思明支行", DAY, DAY, "clerk"));
        e.add(new MemberWithdrawn("m5", G2, "离职"));
        e.add(new PersonalDataErased("m6", G2, "依法删除", true));
        e.add(new MemberTransferred("m7", G3, G2, null));
        // A batch approved whole, then a card issued and cancelled: the member keeps "issued" (ever issued).
        e.add(member("m8", G3, 1985, 9, "1"));
        e.add(consent("m8"));
        e.add(submitted("b3", G3, "m8"));
        e.add(new BatchApproved("b3", G3, 1, D2));
        e.add(new BatchHandedToBank("b3", G3, "湖里支行", DAY, "clerk"));
        e.add(new CardIssued("c3", "m8", G3, "b3", "r2", "6222000000000003", CardType.DEBIT_CREDIT, "湖里支行", DAY));
        e.add(new CardCancelled("c3", "m8", CardCancellationReason.values()[0], DAY, null, "clerk"));
        return e;
    }
}
