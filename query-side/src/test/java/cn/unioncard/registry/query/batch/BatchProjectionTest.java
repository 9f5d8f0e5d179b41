package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.batch.BatchApproved;
import cn.unioncard.registry.events.batch.BatchContent;
import cn.unioncard.registry.events.batch.BatchHandedToBank;
import cn.unioncard.registry.events.batch.BatchMember;
import cn.unioncard.registry.events.batch.BatchMemberErased;
import cn.unioncard.registry.events.batch.BatchMemberReturned;
import cn.unioncard.registry.events.batch.BatchPartlyApproved;
import cn.unioncard.registry.events.batch.BatchRejected;
import cn.unioncard.registry.events.batch.BatchSubmitted;
import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.query.ProjectionTest;
import cn.unioncard.registry.query.union.UnionPaths;
import cn.unioncard.registry.testing.TestDatabase;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ProjectionTest
class BatchProjectionTest {

    static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    static final MetaData REVIEWER = MetaData.from(AuditMetadata.of(new Actor("reviewer@d-1", Role.DISTRICT_REVIEWER,
            "d-1", "127.0.0.1", "c-1", null)));

    /** Counts the statements the projection sends, to see that a batch's members are not one round trip each. */
    static final class Counting extends JdbcTemplate {
        int statements;

        Counting(JdbcTemplate jdbc) {
            super(jdbc.getDataSource());
        }

        @Override
        public int update(String sql, Object... args) {
            statements++;
            return super.update(sql, args);
        }

        @Override
        public <T> T execute(ConnectionCallback<T> action) {
            statements++;
            return super.execute(action);
        }
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    UnionPaths unions;

    Counting counting;
    BatchProjection projection;

    @BeforeEach
    void setUp() {
        TestDatabase.emptied("batch_member_view", "batch_view", "union_view");
        union(jdbc, "g-1", "/city/d-1/g-1/");
        counting = new Counting(jdbc);
        projection = new BatchProjection(new BatchRows(counting, unions));
    }

    static void union(JdbcTemplate jdbc, String id, String path) {
        jdbc.update("""
                insert into union_view (id, level, name, system_code, path, profile, version, registered_at, updated_at)
                values (?, 'GRASSROOTS', ?, ?, ?, '{}'::jsonb, 0, now(), now())""", id, "工会 " + id,
                "S" + Math.abs(id.hashCode() % 100000), path);
    }

    static BatchSubmitted submitted(String batchId, String unionId, String replaces, String... memberIds) {
        List<BatchMember> members = IntStream.range(0, memberIds.length)
                .mapToObj(i -> new BatchMember(memberIds[i], 3, i % 2 == 1)).toList();
        return new BatchSubmitted(batchId, unionId, members, members.size(), BatchContent.hash(unionId, members),
                replaces, "op@" + unionId, false);
    }

    void handle(Runnable handler) {
        tx.executeWithoutResult(s -> handler.run());
    }

    Map<String, Object> batch(String batchId) {
        return jdbc.queryForMap("select * from batch_view where batch_id = ?", batchId);
    }

    Map<String, String> states(String batchId) {
        Map<String, String> states = new java.util.TreeMap<>();
        jdbc.query("select member_id, state from batch_member_view where batch_id = ?",
                rs -> {
                    states.put(rs.getString(1), rs.getString(2));
                }, batchId);
        return states;
    }

    String reason(String batchId, String memberId) {
        return jdbc.queryForObject("select returned_reason from batch_member_view where batch_id = ? and member_id = ?",
                String.class, batchId, memberId);
    }

    @Test
    void aSubmittedBatchIsListedUnderItsUnionsPathWithItsMembersWaiting() {
        BatchSubmitted e = submitted("b-1", "g-1", null, "m-1", "m-2", "m-3");
        handle(() -> projection.on(e, 0, T0));

        assertThat(batch("b-1")).containsEntry("union_id", "g-1").containsEntry("union_path", "/city/d-1/g-1/")
                .containsEntry("status", "SUBMITTED").containsEntry("member_count", 3)
                .containsEntry("debit_credit_count", 1).containsEntry("content_hash", e.contentHash())
                .containsEntry("submitted_at", Timestamp.from(T0)).containsEntry("submitted_by", "op@g-1")
                .containsEntry("on_behalf", false).containsEntry("approved_count", null)
                .containsEntry("version", 0L);
        assertThat(states("b-1")).containsOnly(Map.entry("m-1", "SUBMITTED"), Map.entry("m-2", "SUBMITTED"),
                Map.entry("m-3", "SUBMITTED"));
        assertThat(jdbc.queryForList("select member_id, submitted_version, debit_credit from batch_member_view "
                + "where batch_id = 'b-1' order by member_id")).extracting(r -> r.get("debit_credit"))
                .containsExactly(false, true, false);
    }

    @Test
    void aFiveThousandMemberBatchIsWrittenInAFewStatementsNotOnePerMember() {
        String[] ids = IntStream.range(0, 5_000).mapToObj(i -> "m-" + i).toArray(String[]::new);
        handle(() -> projection.on(submitted("b-big", "g-1", null, ids), 0, T0));

        assertThat(jdbc.queryForObject("select count(*) from batch_member_view where batch_id = 'b-big'", Long.class))
                .isEqualTo(5_000L);
        assertThat(counting.statements).as("statements for the header and 5,000 members").isLessThanOrEqualTo(2);
    }

    @Test
    void aSubmissionInAUnionTheDirectoryDoesNotHoldFailsAndChangesNothing() {
        assertThatThrownBy(() -> handle(() -> projection.on(submitted("b-x", "g-unknown", null, "m-1"), 0, T0)))
                .isInstanceOf(EmptyResultDataAccessException.class);
        assertThat(jdbc.queryForObject("select count(*) from batch_member_view", Long.class)).isZero();
    }

    @Test
    void aPartlyApprovedBatchApprovesTheRestAndReturnsTheExcludedWithTheirReasons() {
        handle(() -> projection.on(submitted("b-1", "g-1", null, "m-1", "m-2", "m-3"), 0, T0));
        handle(() -> projection.on(new BatchPartlyApproved("b-1", "g-1", 2, List.of("m-2"), "d-1"), REVIEWER, 1,
                T0.plusSeconds(60)));
        handle(() -> projection.on(new BatchMemberReturned("b-1", "m-2", "身份证已过期"), 2, T0.plusSeconds(60)));

        assertThat(batch("b-1")).containsEntry("status", "PARTLY_APPROVED").containsEntry("approved_count", 2)
                .containsEntry("reviewer_union_id", "d-1").containsEntry("reviewed_by", "reviewer@d-1")
                .containsEntry("reviewed_at", Timestamp.from(T0.plusSeconds(60))).containsEntry("version", 2L);
        assertThat(states("b-1")).containsOnly(Map.entry("m-1", "APPROVED"), Map.entry("m-2", "RETURNED"),
                Map.entry("m-3", "APPROVED"));
        assertThat(reason("b-1", "m-2")).isEqualTo("身份证已过期");
        assertThat(reason("b-1", "m-1")).isNull();
    }

    @Test
    void anApprovedBatchApprovesEveryMember() {
        handle(() -> projection.on(submitted("b-1", "g-1", null, "m-1", "m-2"), 0, T0));
        handle(() -> projection.on(new BatchApproved("b-1", "g-1", 2, "d-1"), REVIEWER, 1, T0.plusSeconds(5)));
        assertThat(batch("b-1")).containsEntry("status", "APPROVED").containsEntry("approved_count", 2);
        assertThat(states("b-1")).containsValues("APPROVED", "APPROVED");
    }

    @Test
    void aRejectedBatchReturnsEveryMemberAndItsResubmissionNamesIt() {
        handle(() -> projection.on(submitted("b-1", "g-1", null, "m-1", "m-2"), 0, T0));
        handle(() -> projection.on(new BatchRejected("b-1", "g-1", "材料不全", "d-1"), REVIEWER, 1, T0.plusSeconds(5)));
        handle(() -> projection.on(new BatchMemberReturned("b-1", "m-1", "手机号错误"), 2, T0.plusSeconds(5)));
        handle(() -> projection.on(submitted("b-2", "g-1", "b-1", "m-1", "m-2"), 0, T0.plusSeconds(10)));

        assertThat(batch("b-1")).containsEntry("status", "REJECTED").containsEntry("rejection_reason", "材料不全")
                .containsEntry("approved_count", 0).containsEntry("replaced_by", "b-2");
        assertThat(states("b-1")).containsValues("RETURNED", "RETURNED");
        assertThat(batch("b-2")).containsEntry("replaces", "b-1").containsEntry("status", "SUBMITTED");
    }

    @Test
    void aHandedOverBatchRecordsTheBranchTheDayAndWhoCarriedIt() {
        handle(() -> projection.on(submitted("b-1", "g-1", null, "m-1"), 0, T0));
        handle(() -> projection.on(new BatchApproved("b-1", "g-1", 1, "d-1"), REVIEWER, 1, T0.plusSeconds(5)));
        handle(() -> projection.on(new BatchHandedToBank("b-1", "g-1", "工商银行思明支行", LocalDate.of(2026, 12, 2),
                "op@g-1"), 2, T0.plusSeconds(9)));
        assertThat(batch("b-1")).containsEntry("status", "HANDED_TO_BANK")
                .containsEntry("bank_branch", "工商银行思明支行").containsEntry("handed_over_on", Date.valueOf("2026-12-02"))
                .containsEntry("carried_by", "op@g-1").containsEntry("version", 2L);
    }

    @Test
    void anErasedMemberLeavesTheBatchWithoutAReasonAndIsCountedAsAWarningAfterTheHandover() {
        handle(() -> projection.on(submitted("b-1", "g-1", null, "m-1", "m-2", "m-3"), 0, T0));
        handle(() -> projection.on(new BatchPartlyApproved("b-1", "g-1", 2, List.of("m-3"), "d-1"), REVIEWER, 1, T0));
        handle(() -> projection.on(new BatchMemberReturned("b-1", "m-3", "姓名与证件不符"), 2, T0));
        handle(() -> projection.on(new BatchMemberErased("b-1", "m-3", false), 3, T0.plusSeconds(1)));
        handle(() -> projection.on(new BatchHandedToBank("b-1", "g-1", "支行", LocalDate.of(2026, 12, 2), "op"), 4, T0));
        handle(() -> projection.on(new BatchMemberErased("b-1", "m-1", true), 5, T0.plusSeconds(2)));
        // A repeated erasure (a replay of the same decision) counts once.
        handle(() -> projection.on(new BatchMemberErased("b-1", "m-1", true), 6, T0.plusSeconds(3)));

        assertThat(states("b-1")).containsOnly(Map.entry("m-1", "ERASED"), Map.entry("m-2", "APPROVED"),
                Map.entry("m-3", "ERASED"));
        assertThat(reason("b-1", "m-3")).isNull();
        assertThat(batch("b-1")).containsEntry("erased_count", 2).containsEntry("erased_after_handover", 1)
                .containsEntry("status", "HANDED_TO_BANK");
    }

    @Test
    void anErasureClearsTheMembersReasonsInEveryBatchAndNoOneElses() {
        handle(() -> projection.on(submitted("b-1", "g-1", null, "m-1", "m-2"), 0, T0));
        handle(() -> projection.on(new BatchRejected("b-1", "g-1", "退回", "d-1"), REVIEWER, 1, T0));
        handle(() -> projection.on(new BatchMemberReturned("b-1", "m-1", "地址不详"), 2, T0));
        handle(() -> projection.on(new BatchMemberReturned("b-1", "m-2", "手机号错误"), 3, T0));
        handle(() -> projection.on(submitted("b-2", "g-1", "b-1", "m-1"), 0, T0));
        handle(() -> projection.on(new BatchRejected("b-2", "g-1", "再次退回", "d-1"), REVIEWER, 1, T0));
        handle(() -> projection.on(new BatchMemberReturned("b-2", "m-1", "地址仍不详"), 2, T0));

        handle(() -> projection.on(new PersonalDataErased("m-1", "g-1", "本人申请删除", true)));

        assertThat(jdbc.queryForList("select returned_reason from batch_member_view where member_id = 'm-1'",
                String.class)).hasSize(2).containsOnlyNulls();
        assertThat(reason("b-1", "m-2")).isEqualTo("手机号错误");
    }
}
