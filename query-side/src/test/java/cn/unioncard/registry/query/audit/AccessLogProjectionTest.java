package cn.unioncard.registry.query.audit;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.audit.PersonalDataAccessed;
import cn.unioncard.registry.query.ProjectionTest;
import cn.unioncard.registry.testing.TestDatabase;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ProjectionTest
class AccessLogProjectionTest {

    static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
    static final MetaData OPERATOR = MetaData.from(AuditMetadata.of(new Actor("op@g-1", Role.UNION_OPERATOR, "g-1",
            "10.0.0.7", "corr-1", "核对资料")));

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    AccessLogProjection projection;

    @BeforeEach
    void setUp() {
        TestDatabase.emptied("member_access");
        projection = new AccessLogProjection(jdbc);
    }

    void handle(PersonalDataAccessed event, MetaData metaData) {
        tx.executeWithoutResult(s -> projection.on(event, metaData, T0));
    }

    List<Map<String, Object>> rows() {
        return jdbc.queryForList("select * from member_access order by member_id");
    }

    @Test
    void aReadOfSeveralMembersIsOneRowPerMemberWithTheActorFromTheMetadata() {
        handle(new PersonalDataAccessed("a-1", List.of("m-1", "m-2"), List.of("name", "mobile"), true, "核对资料",
                "GET /api/members/{memberId}"), OPERATOR);

        List<Map<String, Object>> rows = rows();
        assertThat(rows).extracting(r -> r.get("member_id")).containsExactly("m-1", "m-2");
        assertThat(rows).allSatisfy(r -> assertThat(r).containsEntry("access_id", "a-1")
                .containsEntry("accessed_at", Timestamp.from(T0)).containsEntry("actor_user", "op@g-1")
                .containsEntry("actor_role", "UNION_OPERATOR").containsEntry("actor_organisation", "g-1")
                .containsEntry("client_address", "10.0.0.7").containsEntry("correlation_id", "corr-1")
                .containsEntry("fields", "name,mobile").containsEntry("revealed", true)
                .containsEntry("purpose", "核对资料").containsEntry("endpoint", "GET /api/members/{memberId}"));
    }

    @Test
    void aRedeliveredRecordAddsNoSecondRow() {
        PersonalDataAccessed event = new PersonalDataAccessed("a-1", List.of("m-1", "m-2"), List.of("name"), false,
                null, "GET /api/unions/{unionId}/members");
        handle(event, OPERATOR);
        handle(event, OPERATOR);
        assertThat(rows()).hasSize(2);
        handle(new PersonalDataAccessed("a-2", List.of("m-1"), List.of("name"), false, null, "GET x"), OPERATOR);
        assertThat(jdbc.queryForObject("select count(*) from member_access where member_id = 'm-1'", Long.class))
                .isEqualTo(2);
    }

    @Test
    void aNulInTheRecordIsStoredAsAReplacementCharacter() {
        MetaData withNul = OPERATOR.and(AuditMetadata.CORRELATION_ID, "corr\u0000-1");
        handle(new PersonalDataAccessed("a-\u00001", List.of("m\u00001"), List.of("na\u0000me"), true,
                "核对\u0000资料", "GET \u0000"), withNul);

        assertThat(rows()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("access_id", "a-\uFFFD1").containsEntry("member_id", "m\uFFFD1")
                .containsEntry("fields", "na\uFFFDme").containsEntry("purpose", "核对\uFFFD资料")
                .containsEntry("endpoint", "GET \uFFFD").containsEntry("correlation_id", "corr\uFFFD-1"));
    }

    @Test
    void aRecordWithoutAnActorIsStillIndexed() {
        handle(new PersonalDataAccessed("a-1", List.of("m-1"), List.of("name"), false, null, "GET x"),
                MetaData.emptyInstance());
        assertThat(rows()).singleElement().satisfies(r -> assertThat(r).containsEntry("actor_user", null)
                .containsEntry("actor_role", null).containsEntry("purpose", null));
    }

    @Test
    void aResetEmptiesTheIndexForAReplay() {
        handle(new PersonalDataAccessed("a-1", List.of("m-1"), List.of("name"), false, null, "GET x"), OPERATOR);
        tx.executeWithoutResult(s -> projection.reset());
        assertThat(rows()).isEmpty();
    }
}
