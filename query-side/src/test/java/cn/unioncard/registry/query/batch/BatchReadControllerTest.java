package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.audit.PersonalDataAccessed;
import cn.unioncard.registry.events.batch.BatchApproved;
import cn.unioncard.registry.events.batch.BatchMemberErased;
import cn.unioncard.registry.events.batch.BatchMemberReturned;
import cn.unioncard.registry.events.batch.BatchRejected;
import cn.unioncard.registry.events.batch.BatchStatus;
import cn.unioncard.registry.events.batch.BatchSubmitted;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.events.privacy.PersonalFields;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.ProjectionTest;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.member.MemberReviewFacts;
import cn.unioncard.registry.query.union.UnionLabels;
import cn.unioncard.registry.query.union.ViewerScope;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.TestDatabase;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batch reads on the real database, called as the web layer calls them (with the request's
 * actor): scope, masking, the access record, and the reviewer's checks.
 */
@ProjectionTest
@Import({BatchRows.class, BatchListing.class, BatchReview.class, BatchPaths.class, ViewerScope.class,
        UnionLabels.class, MemberReviewFacts.class, AccessLog.class, BatchReadController.class, BatchHistoryController.class,
        BatchReadControllerTest.Store.class})
class BatchReadControllerTest {

    static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    static final Actor REVIEWER = actor("reviewer@d-1", Role.DISTRICT_REVIEWER, "d-1");
    static final Actor OPERATOR = actor("op@g-1", Role.UNION_OPERATOR, "g-1");
    static final Actor CITY = actor("admin", Role.CITY_ADMIN, "city");
    static final Actor OTHER_REVIEWER = actor("reviewer@d-2", Role.DISTRICT_REVIEWER, "d-2");
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** An event store in memory (the history reads it) that also keeps every recorded read. */
    @TestConfiguration
    static class Store {
        final List<EventMessage<?>> published = new ArrayList<>();

        @Bean
        EventStore eventStore() {
            EmbeddedEventStore store = EmbeddedEventStore.builder()
                    .storageEngine(new InMemoryEventStorageEngine()).build();
            store.subscribe(published::addAll);
            return store;
        }
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    BatchRows rows;
    @Autowired
    BatchReadController reads;
    @Autowired
    BatchHistoryController histories;
    @Autowired
    Store store;
    @Autowired
    EventStore events;

    BatchProjection projection;
    List<String> members;
    List<MemberDetails> details;

    static Actor actor(String user, Role role, String union) {
        return new Actor(user, role, union, "127.0.0.1", "c-" + user, null);
    }

    static String id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes()).toString();
    }

    @BeforeEach
    void setUp() {
        TestDatabase.emptied("batch_member_view", "batch_view", "union_view", "member_view", "member_count");
        store.published.clear();
        BatchProjectionTest.union(jdbc, "city", "/city/");
        BatchProjectionTest.union(jdbc, "d-1", "/city/d-1/");
        BatchProjectionTest.union(jdbc, "d-2", "/city/d-2/");
        BatchProjectionTest.union(jdbc, "g-1", "/city/d-1/g-1/");
        BatchProjectionTest.union(jdbc, "g-2", "/city/d-2/g-2/");
        projection = new BatchProjection(rows);
        members = IntStream.range(0, 5).mapToObj(i -> id("m-" + i)).sorted().toList();
        details = members.stream().map(m -> MemberData.details().build()).toList();
        for (int i = 0; i < members.size(); i++) {
            member(members.get(i), "g-1", "/city/d-1/g-1/", details.get(i));
        }
    }

    void member(String memberId, String unionId, String path, MemberDetails d) {
        jdbc.update("""
                insert into member_view (id, union_id, union_path, status, name, id_number, id_tail, mobile, details,
                    authorised, authorised_on, version, registered_at, updated_at)
                values (?, ?, ?, 'ACTIVE', ?, ?, right(?, 4), ?, jsonb_build_object('idType', ?::text), true,
                    date '2026-11-20', 3, now(), now())""", memberId, unionId, path, d.name(), d.idNumber(),
                d.idNumber(), d.mobile(), d.idType());
    }

    void submit(String batchId, String unionId, Instant at, String... memberIds) {
        tx.executeWithoutResult(s -> projection.on(BatchProjectionTest.submitted(batchId, unionId, null, memberIds), 0,
                at));
    }

    List<PersonalDataAccessed> reads() {
        return store.published.stream().map(EventMessage::getPayload).filter(PersonalDataAccessed.class::isInstance)
                .map(PersonalDataAccessed.class::cast).toList();
    }

    BatchReadController.BatchDetail get(String batchId, Actor actor, int page, int size, String after) {
        return reads.get(batchId, page, size, after, actor);
    }

    static void assertNotFound(Runnable read) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(RegistryProblem.class,
                p -> assertThat(p.kind()).isEqualTo(RegistryProblem.Kind.NOT_FOUND));
    }

    @Test
    void theReviewListShowsItsSubtreeOldestWaitingFirstWithoutPersonalData() throws Exception {
        String older = id("b-older");
        String newer = id("b-newer");
        String far = id("b-far");
        submit(newer, "g-1", T0.plusSeconds(3600), members.get(0));
        submit(older, "g-1", T0, members.get(1), members.get(2));
        submit(far, "g-2", T0.minusSeconds(86_400), id("m-far"));

        BatchReadController.BatchPage page = reads.list(BatchStatus.SUBMITTED, null, null, null, 0, 20, null, REVIEWER);
        assertThat(page.items()).extracting(BatchReadController.BatchSummary::batchId).containsExactly(older, newer);
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.items().get(0).union()).isEqualTo(new BatchReadController.UnionRef("g-1", "工会 g-1",
                "S" + Math.abs("g-1".hashCode() % 100000)));
        assertThat(page.items().get(0).memberCount()).isEqualTo(2);
        String answer = JSON.writeValueAsString(page);
        for (MemberDetails d : details) {
            assertThat(answer).doesNotContain(d.name()).doesNotContain(d.idNumber()).doesNotContain(d.mobile());
        }
        assertThat(reads()).as("no personal data, no access record").isEmpty();

        assertThat(reads.list(null, null, null, null, 0, 20, null, CITY).items())
                .extracting(BatchReadController.BatchSummary::batchId).containsExactly(far, older, newer);
        assertThat(reads.list(null, "g-1", null, null, 0, 1, null, OPERATOR).next()).isEqualTo(older);
        assertThat(reads.list(null, "g-1", null, null, 0, 1, older, OPERATOR).items())
                .extracting(BatchReadController.BatchSummary::batchId).containsExactly(newer);
        // 2026-12-01 02:00Z is 10:00 in Xiamen; the newer one is the same local day.
        assertThat(reads.list(null, null, java.time.LocalDate.of(2026, 12, 1), java.time.LocalDate.of(2026, 12, 1), 0,
                20, null, CITY).items()).extracting(BatchReadController.BatchSummary::batchId)
                .containsExactly(older, newer);
    }

    @Test
    void aUnionOrBatchOutsideTheViewersSubtreeIsNotFound() {
        String batch = id("b-1");
        submit(batch, "g-1", T0, members.get(0));
        assertNotFound(() -> reads.list(null, "g-1", null, null, 0, 20, null, OTHER_REVIEWER));
        assertNotFound(() -> reads.list(null, "g-unknown", null, null, 0, 20, null, REVIEWER));
        assertNotFound(() -> get(batch, OTHER_REVIEWER, 0, 20, null));
        assertNotFound(() -> histories.history(batch, OTHER_REVIEWER));
        assertThat(reads.list(null, null, null, null, 0, 20, null, OTHER_REVIEWER).items()).isEmpty();
        assertThat(reads()).isEmpty();
    }

    @Test
    void aBatchPageMasksItsMembersAndRecordsAReadNamingEveryMemberOnIt() throws Exception {
        String batch = id("b-1");
        submit(batch, "g-1", T0, members.toArray(String[]::new));

        BatchReadController.BatchDetail first = get(batch, REVIEWER, 0, 3, null);
        assertThat(first.members().items()).extracting(BatchReadController.BatchMemberLine::memberId)
                .containsExactlyElementsOf(members.subList(0, 3));
        assertThat(first.members().total()).isEqualTo(5);
        BatchReadController.BatchMemberLine line = first.members().items().get(0);
        MemberDetails d = details.get(0);
        assertThat(line.name()).isEqualTo(d.name());
        assertThat(line.idNumber()).isEqualTo(d.idNumber().substring(0, 6) + "********" + d.idNumber().substring(14));
        assertThat(line.mobile()).isEqualTo(d.mobile().substring(0, 3) + "****" + d.mobile().substring(7));
        assertThat(line.authorised()).isTrue();
        assertThat(line.authorisedOn()).isEqualTo(java.time.LocalDate.of(2026, 11, 20));
        assertThat(line.idNumberValid()).isTrue();
        assertThat(line.changedSinceSubmission()).isFalse();
        assertThat(line.inAnotherBatch()).isNull();
        String answer = JSON.writeValueAsString(first);
        for (MemberDetails each : details) {
            assertThat(answer).doesNotContain(each.idNumber()).doesNotContain(each.mobile());
        }
        assertThat(reads()).singleElement().satisfies(r -> {
            assertThat(r.memberIds()).containsExactlyElementsOf(members.subList(0, 3));
            assertThat(r.revealed()).isFalse();
            assertThat(r.fields()).contains("name", "idNumber", "mobile", "returnedReason");
        });

        BatchReadController.BatchDetail second = get(batch, REVIEWER, 0, 3, first.members().next());
        assertThat(second.members().items()).extracting(BatchReadController.BatchMemberLine::memberId)
                .containsExactlyElementsOf(members.subList(3, 5));
        assertThat(second.members().next()).isNull();
        assertThat(reads().get(1).memberIds()).containsExactlyElementsOf(members.subList(3, 5));
        assertThat(get(batch, REVIEWER, 1, 3, null).members().items())
                .extracting(BatchReadController.BatchMemberLine::memberId).containsExactlyElementsOf(members.subList(3, 5));
    }

    @Test
    void aMemberCorrectedAfterSubmissionShowsAsChangedWhileTheBatchWaits() {
        String batch = id("b-1");
        submit(batch, "g-1", T0, members.get(0), members.get(1));
        // The member directory's answer to a correction: a new version (and the corrected value).
        jdbc.update("update member_view set version = 4, mobile = '13700000000' where id = ?", members.get(1));

        List<BatchReadController.BatchMemberLine> lines = get(batch, REVIEWER, 0, 20, null).members().items();
        assertThat(lines).extracting(BatchReadController.BatchMemberLine::changedSinceSubmission)
                .containsExactly(false, true);
        assertThat(lines.get(1).currentVersion()).isEqualTo(4L);
        assertThat(lines.get(1).submittedVersion()).isEqualTo(3L);

        tx.executeWithoutResult(s -> projection.on(new BatchApproved(batch, "g-1", 2, "d-1"), MetaData.emptyInstance(),
                1, T0));
        assertThat(get(batch, REVIEWER, 0, 20, null).members().items())
                .extracting(BatchReadController.BatchMemberLine::changedSinceSubmission).containsOnly(false);
    }

    @Test
    void anErasedMemberShowsAsErasedWithNothingPersonalLeft() throws Exception {
        String batch = id("b-1");
        String erased = members.get(0);
        submit(batch, "g-1", T0, erased, members.get(1));
        tx.executeWithoutResult(s -> {
            projection.on(new BatchRejected(batch, "g-1", "退回", "d-1"), MetaData.emptyInstance(), 1, T0);
            projection.on(new BatchMemberReturned(batch, erased, "证件号码与姓名不符"), 2, T0);
        });
        assertThat(get(batch, REVIEWER, 0, 20, null).members().items().get(0).returnedReason())
                .isEqualTo("证件号码与姓名不符");

        // The directory blanks the member (query.member), the batch projection drops the reason.
        jdbc.update("""
                update member_view set name = ?, id_number = ?, id_tail = ?, mobile = ?, erased_at = now(),
                    version = 4 where id = ?""", PersonalFields.ERASED, PersonalFields.ERASED, PersonalFields.ERASED,
                PersonalFields.ERASED, erased);
        tx.executeWithoutResult(s -> projection.on(new PersonalDataErased(erased, "g-1", "本人申请删除", true)));

        BatchReadController.BatchMemberLine line = get(batch, REVIEWER, 0, 20, null).members().items().get(0);
        assertThat(line.memberId()).isEqualTo(erased);
        assertThat(line.erased()).isTrue();
        assertThat(line.name()).isNull();
        assertThat(line.idNumber()).isNull();
        assertThat(line.mobile()).isNull();
        assertThat(line.returnedReason()).isNull();
        assertThat(line.idNumberValid()).isNull();
        String answer = JSON.writeValueAsString(line);
        for (String secret : MemberData.secrets(details.get(0))) {
            assertThat(answer).doesNotContain(secret);
        }
        assertThat(answer).doesNotContain("证件号码与姓名不符");
        assertThat(jdbc.queryForList("select returned_reason from batch_member_view where member_id = ?", String.class,
                erased)).containsOnlyNulls();

        // An open batch that held the member: erased there too, and counted.
        String open = id("b-2");
        submit(open, "g-1", T0.plusSeconds(5), erased);
        tx.executeWithoutResult(s -> projection.on(new BatchMemberErased(open, erased, false), 1, T0));
        BatchReadController.BatchDetail detail = get(open, REVIEWER, 0, 20, null);
        assertThat(detail.batch().erasedCount()).isEqualTo(1);
        assertThat(detail.members().items().get(0).state()).isEqualTo("ERASED");
        assertThat(detail.members().items().get(0).erased()).isTrue();
    }

    @Test
    void aMemberHeldByAnotherOpenBatchNamesThatBatchUntilItIsRejected() {
        String first = id("b-1");
        String second = id("b-2");
        submit(first, "g-1", T0, members.get(0));
        submit(second, "g-1", T0.plusSeconds(5), members.get(0), members.get(1));

        assertThat(get(second, REVIEWER, 0, 20, null).members().items())
                .extracting(BatchReadController.BatchMemberLine::inAnotherBatch).containsExactly(first, null);
        tx.executeWithoutResult(s -> projection.on(new BatchRejected(first, "g-1", "退回", "d-1"),
                MetaData.emptyInstance(), 1, T0));
        assertThat(get(second, REVIEWER, 0, 20, null).members().items())
                .extracting(BatchReadController.BatchMemberLine::inAnotherBatch).containsOnlyNulls();
    }

    @Test
    void anIdNumberWithAWrongCheckCharacterIsFlaggedInvalid() {
        MemberDetails d = details.get(2);
        String id = d.idNumber();
        char wrong = id.charAt(17) == '1' ? '2' : '1';
        jdbc.update("update member_view set id_number = ? where id = ?", id.substring(0, 17) + wrong, members.get(2));
        String batch = id("b-1");
        submit(batch, "g-1", T0, members.get(1), members.get(2));
        assertThat(get(batch, REVIEWER, 0, 20, null).members().items())
                .extracting(BatchReadController.BatchMemberLine::idNumberValid).containsExactly(true, false);
    }

    @Test
    void theHistoryShowsEachEventWithItsActorAndLeavesReturnedReasonsOut() throws Exception {
        String batch = id("b-1");
        submit(batch, "g-1", T0, members.get(0));
        MetaData reviewer = MetaData.from(AuditMetadata.of(REVIEWER));
        BatchSubmitted submitted = BatchProjectionTest.submitted(batch, "g-1", null, members.get(0));
        events.publish(
                new GenericDomainEventMessage<>("Batch", batch, 0, submitted, MetaData.from(AuditMetadata.of(OPERATOR))),
                new GenericDomainEventMessage<>("Batch", batch, 1, new BatchRejected(batch, "g-1", "退回", "d-1"),
                        reviewer),
                new GenericDomainEventMessage<>("Batch", batch, 2,
                        new BatchMemberReturned(batch, members.get(0), "住址填写不完整"), reviewer));

        BatchHistoryController.History history = histories.history(batch, REVIEWER);
        assertThat(history.changes()).extracting(BatchHistoryController.Change::type)
                .containsExactly("BatchSubmitted", "BatchRejected", "BatchMemberReturned");
        assertThat(history.changes().get(1).metadata().get(AuditMetadata.USER)).isEqualTo("reviewer@d-1");
        assertThat(history.changes().get(0).metadata().get(AuditMetadata.USER)).isEqualTo("op@g-1");
        String answer = JSON.writeValueAsString(history);
        assertThat(answer).doesNotContain("住址填写不完整").contains(members.get(0));
        assertThat(reads()).isEmpty();
    }
}
