package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.card.ActivationChannel;
import cn.unioncard.registry.events.card.CardActivated;
import cn.unioncard.registry.events.card.CardCancellationReason;
import cn.unioncard.registry.events.card.CardCancelled;
import cn.unioncard.registry.events.card.InsuranceCoverEnded;
import cn.unioncard.registry.events.member.MemberAuthorisationRecorded;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberInfoCorrected;
import cn.unioncard.registry.events.member.MemberStatus;
import cn.unioncard.registry.events.member.MemberTransferred;
import cn.unioncard.registry.events.member.MemberWithdrawn;
import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.events.privacy.PersonalFields;
import cn.unioncard.registry.query.ProjectionTest;
import cn.unioncard.registry.query.union.UnionPaths;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ProjectionTest
class MemberProjectionTest {

    static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");

    @Autowired
    MemberEntries entries;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    UnionPaths unions;

    MemberProjection projection;
    MemberDetails details;

    @BeforeEach
    void setUp() {
        TestDatabase.emptied("member_view", "member_count", "union_view");
        // Two grassroots unions in two districts, as the union directory holds them.
        union("g-1", "/city/d-1/g-1/");
        union("g-2", "/city/d-2/g-2/");
        projection = new MemberProjection(entries, unions, new MemberCounts(jdbc), new NewMembers(jdbc, unions));
        details = MemberData.details().build();
        handle(() -> projection.on(MemberData.registered("m-1", "g-1", details), 0, T0));
    }

    /** Whatever the events did, the kept counts are the directory's own counts. */
    @AfterEach
    void countsAgreeWithTheDirectory() {
        assertThat(jdbc.queryForList("""
                select union_id, status, sum(members)::bigint as n from member_count group by union_id, status
                having sum(members) <> 0 order by 1, 2"""))
                .isEqualTo(jdbc.queryForList("""
                        select union_id, status, count(*) as n from member_view group by union_id, status
                        order by 1, 2"""));
    }

    void union(String id, String path) {
        jdbc.update("""
                insert into union_view (id, level, name, path, profile, version, registered_at, updated_at)
                values (?, 'GRASSROOTS', ?, ?, '{}'::jsonb, 0, now(), now())""", id, id, path);
    }

    /** One event in a transaction of its own, as the event processor hands it over. */
    void handle(Runnable handler) {
        tx.executeWithoutResult(s -> handler.run());
    }

    Map<String, Object> row(String memberId) {
        return jdbc.queryForMap("""
                select union_id, union_path, status, name, id_number, id_tail, mobile, details ->> 'mobile' as
                    details_mobile, details ->> 'employerName' as employer, details::text as details_text, authorised,
                    authorised_on, version, registered_at, updated_at, erased_at
                from member_view where id = ?""", memberId);
    }

    @Test
    void aRegisteredMemberIsListedInItsUnionsPathWithItsSearchableFields() {
        Map<String, Object> row = row("m-1");
        assertThat(row).containsEntry("union_id", "g-1").containsEntry("union_path", "/city/d-1/g-1/")
                .containsEntry("status", "ACTIVE").containsEntry("name", details.name())
                .containsEntry("id_number", details.idNumber())
                .containsEntry("id_tail", details.idNumber().substring(14))
                .containsEntry("mobile", details.mobile()).containsEntry("details_mobile", details.mobile())
                .containsEntry("authorised", false).containsEntry("version", 0L)
                .containsEntry("registered_at", Timestamp.from(T0)).containsEntry("updated_at", Timestamp.from(T0))
                .containsEntry("erased_at", null);
    }

    @Test
    void aRegisteredMemberReadsBackThroughTheEntityWithTheDetailsOfItsEvent() {
        MemberEntry e = entries.findById("m-1").orElseThrow();
        assertThat(e.details).isEqualTo(details);
        assertThat(e.unionPath).isEqualTo("/city/d-1/g-1/");
        assertThat(e.status).isEqualTo(MemberStatus.ACTIVE);
        assertThat(e.registeredAt).isEqualTo(T0);
    }

    /** The one-statement insert writes the very row (details document included) that the entity's flush wrote. */
    @Test
    void theRegistrationRowIsTheRowTheEntityWouldHaveWritten() {
        MemberEntry e = new MemberEntry();
        e.inserted();
        e.id = "m-jpa";
        e.unionId = "g-1";
        e.unionPath = "/city/d-1/g-1/";
        e.status = MemberStatus.ACTIVE;
        e.show(details);
        e.version = 0;
        e.registeredAt = T0;
        e.updatedAt = T0;
        handle(() -> entries.save(e));
        // The entity's save skips the count; keep the @AfterEach invariant with the count it would have moved.
        handle(() -> new MemberCounts(jdbc).moved("m-jpa", null, null, "g-1", e.status));

        assertThat(row("m-jpa")).isEqualTo(row("m-1"));
    }

    @Test
    void aRegistrationInAUnionTheDirectoryDoesNotHoldFailsAndChangesNothing() {
        Long before = jdbc.queryForObject("select sum(members) from member_count", Long.class);
        assertThatThrownBy(() -> handle(() -> projection.on(MemberData.registered("m-2", "g-unknown",
                MemberData.details().build()), 0, T0))).isInstanceOf(EmptyResultDataAccessException.class);
        assertThat(jdbc.queryForObject("select count(*) from member_view where id = 'm-2'", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select sum(members) from member_count", Long.class)).isEqualTo(before);
    }

    @Test
    void registrationsInOneUnionAreCountedInTheirMembersSlots() {
        for (int i = 2; i <= 20; i++) {
            String id = "m-" + i;
            handle(() -> projection.on(MemberData.registered(id, "g-1", MemberData.details().build()), 0, T0));
        }
        assertThat(new MemberCounts(jdbc).of("g-1", null)).isEqualTo(20);
        assertThat(jdbc.queryForObject("select count(distinct slot) from member_count where union_id = 'g-1'",
                Integer.class)).isGreaterThan(1);
    }

    @Test
    void aMemberCorrectedAuthorisedTransferredAndWithdrawnEndsWithdrawnInTheNewUnion() {
        MemberDetails onlyMobile = new MemberData.Details().with(d -> d.mobile = "13700000000").build();
        handle(() -> projection.on(new MemberInfoCorrected("m-1", List.of("mobile"), onlyMobile, false), 1,
                T0.plusSeconds(1)));
        handle(() -> projection.on(new MemberAuthorisationRecorded("m-1", LocalDate.of(2026, 11, 26), "op@g-1",
                "SCAN-1"), 2, T0.plusSeconds(2)));
        handle(() -> projection.on(new MemberTransferred("m-1", "g-1", "g-2", "厦门另一家公司"), 3, T0.plusSeconds(3)));
        handle(() -> projection.on(new MemberWithdrawn("m-1", "g-2", "退休"), 4, T0.plusSeconds(4)));

        assertThat(row("m-1")).containsEntry("union_id", "g-2").containsEntry("union_path", "/city/d-2/g-2/")
                .containsEntry("status", "WITHDRAWN")
                .containsEntry("mobile", "13700000000").containsEntry("details_mobile", "13700000000")
                .containsEntry("name", details.name()).containsEntry("id_number", details.idNumber())
                .containsEntry("employer", "厦门另一家公司")
                .containsEntry("authorised", true).containsEntry("authorised_on", Date.valueOf("2026-11-26"))
                .containsEntry("version", 4L)
                .containsEntry("registered_at", Timestamp.from(T0))
                .containsEntry("updated_at", Timestamp.from(T0.plusSeconds(4)));
    }

    @Test
    void aTransferWithoutANewEmployerKeepsTheEmployer() {
        handle(() -> projection.on(new MemberTransferred("m-1", "g-1", "g-2", null), 1, T0.plusSeconds(1)));
        assertThat(row("m-1")).containsEntry("union_path", "/city/d-2/g-2/")
                .containsEntry("employer", details.employerName()).containsEntry("status", "ACTIVE")
                .containsEntry("version", 1L);
    }

    @Test
    void anErasedMemberKeepsItsRowWithoutAnyPersonalField() {
        handle(() -> projection.on(new PersonalDataErased("m-1", "g-1", "本人申请删除", true), 1, T0.plusSeconds(1)));
        Map<String, Object> row = row("m-1");
        assertThat(row).containsEntry("name", PersonalFields.ERASED).containsEntry("id_number", PersonalFields.ERASED)
                .containsEntry("status", "WITHDRAWN").containsEntry("erased_at", Timestamp.from(T0.plusSeconds(1)))
                .containsEntry("union_id", "g-1").containsEntry("version", 1L);
        for (String secret : MemberData.secrets(details)) {
            assertThat(row.values()).as(secret).noneMatch(v -> v != null && v.toString().contains(secret));
        }
    }

    @Test
    void anErasureWhileStillAMemberKeepsTheMembershipActive() {
        handle(() -> projection.on(new PersonalDataErased("m-1", "g-1", "本人申请删除", false), 1, T0.plusSeconds(1)));
        assertThat(row("m-1")).containsEntry("status", "ACTIVE").containsEntry("name", PersonalFields.ERASED);
    }

    @Test
    void anEventForAnUnknownMemberChangesNothing() {
        handle(() -> projection.on(new MemberWithdrawn("m-unknown", "g-1", "退休"), 1, T0.plusSeconds(1)));
        assertThat(jdbc.queryForObject("select count(*) from member_view", Long.class)).isEqualTo(1);
        assertThat(row("m-1")).containsEntry("status", "ACTIVE").containsEntry("version", 0L);
    }

    @Test
    void anActivationStartsTheCoverAndACancellationOrWithdrawalEndsItWithoutChangingTheMembersVersion() {
        LocalDate on = LocalDate.of(2026, 12, 2);
        handle(() -> projection.on(new CardActivated("c-1", "m-1", ActivationChannel.IN_PERSON_AT_BRANCH, "思明支行",
                on, on, "bank")));
        MemberEntry e = entries.findById("m-1").orElseThrow();
        assertThat(e.coverStartsOn).isEqualTo(on);
        assertThat(e.coverEndsOn).isNull();
        assertThat(e.version).isZero();

        handle(() -> projection.on(new InsuranceCoverEnded("c-1", "m-1", on.plusDays(10))));
        assertThat(entries.findById("m-1").orElseThrow().coverEndsOn).isEqualTo(on.plusDays(10));

        // A cancellation of a card whose cover had already ended names no end: the withdrawal's stays.
        handle(() -> projection.on(new CardCancelled("c-1", "m-1", CardCancellationReason.MEMBER_LEFT, on.plusDays(11),
                null, "op")));
        assertThat(entries.findById("m-1").orElseThrow().coverEndsOn).isEqualTo(on.plusDays(10));

        // A new card's activation starts a new cover.
        handle(() -> projection.on(new CardActivated("c-2", "m-1", ActivationChannel.BANK_ON_SITE, "思明支行",
                on.plusDays(40), on.plusDays(40), "bank")));
        handle(() -> projection.on(new CardCancelled("c-2", "m-1", CardCancellationReason.CARD_CLOSED, on.plusDays(50),
                on.plusDays(50), "op")));
        e = entries.findById("m-1").orElseThrow();
        assertThat(e.coverStartsOn).isEqualTo(on.plusDays(40));
        assertThat(e.coverEndsOn).isEqualTo(on.plusDays(50));
        assertThat(e.version).isZero();
    }
}
