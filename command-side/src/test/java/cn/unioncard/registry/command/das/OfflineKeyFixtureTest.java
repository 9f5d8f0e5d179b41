package cn.unioncard.registry.command.das;

import cn.unioncard.registry.command.Lookups;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.das.IssueOfflineKey;
import cn.unioncard.registry.events.das.OfflineKeyIssued;
import cn.unioncard.registry.events.das.OfflineKeyRevoked;
import cn.unioncard.registry.events.das.OfflineKeys;
import cn.unioncard.registry.events.das.RevokeOfflineKey;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.InvalidInputException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An offline key's life and who may issue or revoke one where, on the real lookups (PostgreSQL). */
class OfflineKeyFixtureTest {

    static final String CITY = "city-1";
    static final String DISTRICT = "district-a";
    static final String OTHER_DISTRICT = "district-b";
    static final String GRASSROOTS = "g-1";
    static final String PUBLIC_KEY = OfflineKeys.encode(OfflineKeys.generate().getPublic());

    AggregateTestFixture<OfflineKey> fixture;
    OfflineKeyLookup lookup;

    @BeforeEach
    void setUp() {
        JdbcTemplate jdbc = Lookups.emptied();
        jdbc.update("delete from offline_key");
        UnionTree tree = new UnionTree(jdbc);
        tree.add(CITY, null, UnionLevel.CITY);
        tree.add(DISTRICT, CITY, UnionLevel.DISTRICT);
        tree.add(OTHER_DISTRICT, CITY, UnionLevel.DISTRICT);
        tree.add(GRASSROOTS, DISTRICT, UnionLevel.GRASSROOTS);
        lookup = new OfflineKeyLookup(jdbc);
        fixture = new AggregateTestFixture<>(OfflineKey.class);
        fixture.registerAnnotatedCommandHandler(new OfflineKeyCommandHandler(fixture.getRepository(), lookup, tree,
                Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), ZoneOffset.UTC)));
    }

    static Map<String, String> as(Role role, String organisation) {
        return AuditMetadata.of(new Actor("user-" + role.name().toLowerCase(), role, organisation, "127.0.0.1",
                "corr-1", null));
    }

    @Test
    void a_reviewer_issues_a_key_to_a_grassroots_union_in_its_district_and_only_the_public_key_is_kept() {
        fixture.givenNoPriorActivity()
                .when(new IssueOfflineKey("k-1", GRASSROOTS, PUBLIC_KEY), as(Role.DISTRICT_REVIEWER, DISTRICT))
                .expectEvents(new OfflineKeyIssued("k-1", GRASSROOTS, PUBLIC_KEY))
                .expectResultMessagePayload("k-1");
        assertThat(lookup.find("k-1")).hasValueSatisfying(k -> {
            assertThat(k.unionId()).isEqualTo(GRASSROOTS);
            assertThat(k.publicKey()).isEqualTo(PUBLIC_KEY);
            assertThat(k.revoked()).isFalse();
            assertThat(k.issuedBy()).isEqualTo("user-district_reviewer");
        });
    }

    @Test
    void a_reviewer_of_another_district_is_told_the_union_does_not_exist() {
        fixture.givenNoPriorActivity()
                .when(new IssueOfflineKey("k-1", GRASSROOTS, PUBLIC_KEY), as(Role.DISTRICT_REVIEWER, OTHER_DISTRICT))
                .expectNoEvents()
                .expectException(RegistryProblem.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("not-found"));
        assertThat(lookup.find("k-1")).isEmpty();
    }

    @Test
    void an_auditor_may_not_issue_a_key_and_a_district_gets_none() {
        fixture.givenNoPriorActivity()
                .when(new IssueOfflineKey("k-1", GRASSROOTS, PUBLIC_KEY), as(Role.AUDITOR, CITY))
                .expectNoEvents()
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("forbidden"));
        fixture.givenNoPriorActivity()
                .when(new IssueOfflineKey("k-2", DISTRICT, PUBLIC_KEY), as(Role.CITY_ADMIN, CITY))
                .expectNoEvents()
                .expectException(InvalidInputException.class);
    }

    @Test
    void a_revoked_key_stays_revoked_and_revoking_it_again_records_nothing() {
        fixture.givenNoPriorActivity()
                .when(new IssueOfflineKey("k-1", GRASSROOTS, PUBLIC_KEY), as(Role.UNION_OPERATOR, GRASSROOTS))
                .expectSuccessfulHandlerExecution();
        fixture.given(new OfflineKeyIssued("k-1", GRASSROOTS, PUBLIC_KEY))
                .when(new RevokeOfflineKey("k-1", GRASSROOTS), as(Role.UNION_OPERATOR, GRASSROOTS))
                .expectEvents(new OfflineKeyRevoked("k-1", GRASSROOTS, null));
        assertThat(lookup.find("k-1").orElseThrow().revoked()).isTrue();
        fixture.given(new OfflineKeyIssued("k-1", GRASSROOTS, PUBLIC_KEY), new OfflineKeyRevoked("k-1", GRASSROOTS, null))
                .when(new RevokeOfflineKey("k-1", GRASSROOTS), as(Role.UNION_OPERATOR, GRASSROOTS))
                .expectNoEvents()
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void a_key_named_under_another_union_is_not_found() {
        fixture.givenNoPriorActivity()
                .when(new IssueOfflineKey("k-1", GRASSROOTS, PUBLIC_KEY), as(Role.CITY_ADMIN, CITY))
                .expectSuccessfulHandlerExecution();
        fixture.given(new OfflineKeyIssued("k-1", GRASSROOTS, PUBLIC_KEY))
                .when(new RevokeOfflineKey("k-1", DISTRICT), as(Role.CITY_ADMIN, CITY))
                .expectNoEvents()
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("not-found"));
    }

    @Test
    void something_that_is_not_an_ed25519_public_key_is_refused() {
        fixture.givenNoPriorActivity()
                .when(new IssueOfflineKey("k-1", GRASSROOTS, "bm90IGEga2V5"), as(Role.CITY_ADMIN, CITY))
                .expectNoEvents()
                .expectException(InvalidInputException.class);
    }
}
