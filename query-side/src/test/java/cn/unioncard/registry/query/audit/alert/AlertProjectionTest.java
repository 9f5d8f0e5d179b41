package cn.unioncard.registry.query.audit.alert;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AccessDenied;
import cn.unioncard.registry.events.audit.AlertAcknowledged;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.audit.DenialKind;
import cn.unioncard.registry.events.audit.PersonalDataAccessed;
import cn.unioncard.registry.query.ProjectionTest;
import cn.unioncard.registry.query.union.AggregatePaths;
import cn.unioncard.registry.query.union.ViewerScope;
import cn.unioncard.registry.testing.TestDatabase;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules driven with events whose times the test sets: each fires exactly at its threshold and not one
 * below, a redelivered event changes nothing, and a reset and replay gives the same alerts with their
 * acknowledgements. Thresholds are small here (reveal 3, export 5, denials 3 in 10 minutes).
 */
@ProjectionTest
@Import(ViewerScope.class)
class AlertProjectionTest {

    static final AlertSettings SETTINGS = AlertSettings.of(3, Duration.ofHours(1), "07:00-21:00", "MONDAY-SATURDAY",
            5, 3, Duration.ofMinutes(10));
    /** Monday 2026-11-30, 10:00 in Asia/Shanghai: working hours. */
    static final Instant MONDAY_10 = shanghai("2026-11-30T10:00:00");

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ViewerScope scope;
    @Autowired
    List<AggregatePaths> paths;

    AlertProjection projection;
    AlertListing listing;
    /** Every event handed to the projection, in order, for a replay. */
    final List<Runnable> delivered = new ArrayList<>();

    @BeforeEach
    void setUp() {
        TestDatabase.emptied("audit_alert", "alert_signal", "union_view", "member_view");
        AlertRows rows = new AlertRows(jdbc);
        projection = new AlertProjection(new AlertWindows(rows), rows, SETTINGS, new ScopeCanary(scope, paths));
        listing = new AlertListing(jdbc);
    }

    static Instant shanghai(String local) {
        return LocalDateTime.parse(local).atZone(AlertSettings.ZONE).toInstant();
    }

    static MetaData actor(String user, Role role, String organisation, String address) {
        return MetaData.from(AuditMetadata.of(new Actor(user, role, organisation, address, "corr", "核对会员信息")));
    }

    static final MetaData CLERK = actor("clerk", Role.CITY_ADMIN, "city", "10.0.0.1");

    void read(MetaData who, Instant at, boolean revealed, String endpoint, List<String> members) {
        PersonalDataAccessed read = new PersonalDataAccessed(UUID.randomUUID().toString(), members, List.of("name"),
                revealed, "核对", endpoint);
        deliver(() -> projection.on(read, who, at));
    }

    void denied(MetaData who, Instant at) {
        AccessDenied denied = new AccessDenied(UUID.randomUUID().toString(), DenialKind.FORBIDDEN, "GET",
                "GET /api/users", null);
        deliver(() -> projection.on(denied, who, at));
    }

    /** Every alert row as text (an array column has no value equality). */
    List<String> table() {
        return jdbc.queryForList("select to_jsonb(a)::text from audit_alert a order by alert_id", String.class);
    }

    void deliver(Runnable handling) {
        delivered.add(handling);
        tx.executeWithoutResult(s -> handling.run());
    }

    List<AlertListing.Alert> alerts(String rule) {
        return listing.list(null).stream().filter(a -> a.rule().equals(rule)).toList();
    }

    static List<String> members(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m-" + i).toList();
    }

    @Test
    void revealing_exactly_the_threshold_raises_nothing_and_one_more_member_raises_mass_reveal() {
        read(CLERK, MONDAY_10, true, "GET /api/members/{id}", members(0, 2));
        read(CLERK, MONDAY_10.plusSeconds(60), true, "GET /api/members/{id}", List.of("m-1", "m-2"));
        read(CLERK, MONDAY_10.plusSeconds(120), false, "GET /api/members/{id}", List.of("m-7", "m-8"));
        assertThat(alerts("MASS_REVEAL")).as("3 distinct members revealed, masked reads aside").isEmpty();

        read(CLERK, MONDAY_10.plusSeconds(180), true, "GET /api/members/{id}", List.of("m-3"));
        assertThat(alerts("MASS_REVEAL")).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo("clerk");
            assertThat(a.count()).isEqualTo(4);
            assertThat(a.threshold()).isEqualTo(3);
            assertThat(a.evidence()).hasSize(3);
            assertThat(a.windowStart()).isEqualTo(MONDAY_10);
            assertThat(a.state()).isEqualTo("open");
        });
        read(CLERK, MONDAY_10.plusSeconds(240), true, "GET /api/members/{id}", List.of("m-4"));
        assertThat(alerts("MASS_REVEAL")).as("further evidence extends the alert").singleElement()
                .satisfies(a -> assertThat(a.count()).isEqualTo(5));
    }

    @Test
    void reveals_further_apart_than_the_window_do_not_add_up() {
        read(CLERK, MONDAY_10, true, "GET /api/members/{id}", members(0, 3));
        read(CLERK, MONDAY_10.plus(Duration.ofHours(1)), true, "GET /api/members/{id}", List.of("m-3"));
        assertThat(alerts("MASS_REVEAL")).isEmpty();
        read(CLERK, MONDAY_10.plus(Duration.ofHours(1)).minusSeconds(1), true, "GET /api/members/{id}", List.of("m-9"));
        assertThat(alerts("MASS_REVEAL")).hasSize(1);
    }

    @Test
    void a_read_outside_working_hours_or_days_raises_one_off_hours_alert_per_actor_and_day() {
        read(CLERK, shanghai("2026-11-30T07:00:00"), false, "GET /api/members/{id}", List.of("m-1"));
        read(CLERK, shanghai("2026-11-30T20:59:59"), false, "GET /api/members/{id}", List.of("m-1"));
        assertThat(alerts("OFF_HOURS_READ")).as("the edges of working hours").isEmpty();

        read(CLERK, shanghai("2026-11-30T06:59:59"), false, "GET /api/members/{id}", List.of("m-1"));
        read(CLERK, shanghai("2026-11-30T21:00:00"), false, "GET /api/members/{id}", List.of("m-2"));
        read(CLERK, shanghai("2026-12-06T12:00:00"), false, "GET /api/members/{id}", List.of("m-3"));
        List<AlertListing.Alert> alerts = alerts("OFF_HOURS_READ");
        assertThat(alerts).as("Monday's two reads in one alert, Sunday noon in another").hasSize(2);
        assertThat(alerts).extracting(AlertListing.Alert::count).containsExactlyInAnyOrder(2, 1);
        assertThat(alerts).filteredOn(a -> a.count() == 2).singleElement()
                .satisfies(a -> assertThat(a.windowStart()).isEqualTo(shanghai("2026-11-30T00:00:00")));
    }

    @Test
    void exports_naming_the_threshold_raise_nothing_and_one_more_member_in_the_day_raises_mass_export() {
        read(CLERK, MONDAY_10, false, "GET /api/batches/{id}/card-application-list.xlsx", members(0, 3));
        read(CLERK, MONDAY_10.plusSeconds(60), false, "GET /api/audit/access-log.xlsx", members(2, 5));
        read(CLERK, MONDAY_10.plusSeconds(90), false, "GET /api/members/{id}", members(10, 20));
        assertThat(alerts("MASS_EXPORT")).as("5 distinct members exported; a screen read is no export").isEmpty();
        read(CLERK, shanghai("2026-12-01T09:00:00"), false, "GET /api/audit/export", members(5, 9));
        assertThat(alerts("MASS_EXPORT")).as("the next day counts afresh").isEmpty();

        read(CLERK, MONDAY_10.plusSeconds(120), false, "GET /api/batches/{id}/sign-off-sheet.xlsx", List.of("m-5"));
        assertThat(alerts("MASS_EXPORT")).singleElement().satisfies(a -> {
            assertThat(a.count()).isEqualTo(6);
            assertThat(a.evidence()).hasSize(3);
        });
    }

    @Test
    void pulling_the_event_stream_page_by_page_is_an_export_like_a_file() {
        read(CLERK, MONDAY_10, false, "GET /api/audit/events", members(0, 3));
        read(CLERK, MONDAY_10.plusSeconds(1), true, "GET /api/audit/events?reveal=true", members(3, 5));
        assertThat(alerts("MASS_EXPORT")).as("5 members, the threshold").isEmpty();
        read(CLERK, MONDAY_10.plusSeconds(2), false, "GET /api/audit/events", members(5, 6));
        assertThat(alerts("MASS_EXPORT")).singleElement().satisfies(a -> assertThat(a.count()).isEqualTo(6));
    }

    @Test
    void denials_one_below_the_threshold_raise_nothing_and_the_threshold_raises_for_the_actor_and_the_address() {
        MetaData operator = actor("op", Role.UNION_OPERATOR, "g1", "10.0.0.9");
        denied(operator, MONDAY_10);
        denied(operator, MONDAY_10.plusSeconds(60));
        denied(operator, MONDAY_10.plus(Duration.ofMinutes(11)));
        denied(operator, MONDAY_10.plus(Duration.ofMinutes(12)));
        assertThat(alerts("REPEATED_DENIALS")).as("never 3 within 10 minutes").isEmpty();

        denied(operator, MONDAY_10.plus(Duration.ofMinutes(13)));
        assertThat(alerts("REPEATED_DENIALS")).hasSize(2).anySatisfy(a -> {
            assertThat(a.actor()).isEqualTo("op");
            assertThat(a.count()).isEqualTo(3);
        }).anySatisfy(a -> {
            assertThat(a.clientAddress()).isEqualTo("10.0.0.9");
            assertThat(a.actor()).isNull();
        });
    }

    @Test
    void unknown_names_count_for_their_address_only() {
        MetaData unknown = actor("?", Role.ANONYMOUS, null, "10.0.0.66");
        for (int i = 0; i < 3; i++) {
            denied(unknown, MONDAY_10.plusSeconds(i));
        }
        assertThat(alerts("REPEATED_DENIALS")).singleElement()
                .satisfies(a -> assertThat(a.clientAddress()).isEqualTo("10.0.0.66"));
    }

    @Test
    void a_read_by_a_union_scoped_account_of_a_member_outside_its_subtree_raises_out_of_scope_read() {
        union("city", "/city/");
        union("g1", "/city/d1/g1/");
        union("g2", "/city/d2/g2/");
        member("inside", "g1", "/city/d1/g1/");
        member("outside", "g2", "/city/d2/g2/");
        MetaData operator = actor("op", Role.UNION_OPERATOR, "g1", "10.0.0.9");
        read(operator, MONDAY_10, false, "GET /api/members/{id}", List.of("inside"));
        read(actor("admin", Role.CITY_ADMIN, "city", "10.0.0.1"), MONDAY_10, false, "GET /api/members/{id}",
                List.of("outside"));
        assertThat(alerts("OUT_OF_SCOPE_READ")).isEmpty();

        read(operator, MONDAY_10.plusSeconds(5), false, "GET /api/members/{id}", List.of("inside", "outside"));
        assertThat(alerts("OUT_OF_SCOPE_READ")).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo("op");
            assertThat(a.count()).isEqualTo(1);
        });
    }

    @Test
    void a_redelivered_event_changes_nothing() {
        PersonalDataAccessed reveal = new PersonalDataAccessed("a-1", members(0, 4), List.of("idNumber"), true, "核对",
                "GET /api/unions/{unionId}/members");
        deliver(() -> projection.on(reveal, CLERK, MONDAY_10));
        List<String> before = table();
        deliver(() -> projection.on(reveal, CLERK, MONDAY_10));
        deliver(() -> projection.on(reveal, CLERK, MONDAY_10));
        assertThat(table()).isEqualTo(before).hasSize(1);
        assertThat(alerts("MASS_REVEAL")).singleElement().satisfies(a -> {
            assertThat(a.count()).isEqualTo(4);
            assertThat(a.evidence()).containsExactly("a-1");
        });
    }

    @Test
    void an_acknowledgement_survives_a_reset_and_replay_and_the_alerts_keep_their_ids() {
        read(CLERK, MONDAY_10, true, "GET /api/members/{id}", members(0, 4));
        read(CLERK, shanghai("2026-11-30T23:00:00"), false, "GET /api/members/{id}", List.of("m-1"));
        String reveal = alerts("MASS_REVEAL").get(0).alertId();
        Instant acknowledgedAt = MONDAY_10.plus(Duration.ofHours(2));
        deliver(() -> projection.on(new AlertAcknowledged(reveal, "已核实：为批量办卡核对"),
                actor("dpo", Role.DPO, "city", "10.0.0.2"), acknowledgedAt));
        List<String> before = table();

        tx.executeWithoutResult(s -> projection.reset());
        assertThat(listing.list(null)).isEmpty();
        List<Runnable> replay = List.copyOf(delivered);
        replay.forEach(handling -> tx.executeWithoutResult(s -> handling.run()));

        assertThat(table()).isEqualTo(before).hasSize(2);
        assertThat(listing.one(reveal)).hasValueSatisfying(a -> {
            assertThat(a.state()).isEqualTo("acknowledged");
            assertThat(a.acknowledgedBy()).isEqualTo("dpo");
            assertThat(a.acknowledgedAt()).isEqualTo(acknowledgedAt);
            assertThat(a.note()).isEqualTo("已核实：为批量办卡核对");
        });
    }

    @Test
    void reveals_after_the_dpo_acknowledged_an_alert_raise_a_new_one_at_the_threshold_and_earlier_ones_stay_with_it() {
        read(CLERK, MONDAY_10, true, "GET /api/members/{id}", members(0, 4));
        String first = alerts("MASS_REVEAL").get(0).alertId();
        Instant acknowledgedAt = MONDAY_10.plusSeconds(600);
        deliver(() -> projection.on(new AlertAcknowledged(first, "已核实"), actor("dpo", Role.DPO, "city", "10.0.0.2"),
                acknowledgedAt));
        // Processed late but made before the acknowledgement: still the acknowledged alert's evidence.
        read(CLERK, acknowledgedAt.minusSeconds(1), true, "GET /api/members/{id}", List.of("m-4"));
        assertThat(alerts("MASS_REVEAL")).singleElement().satisfies(a -> assertThat(a.count()).isEqualTo(5));

        read(CLERK, acknowledgedAt.plusSeconds(1), true, "GET /api/members/{id}", members(10, 13));
        assertThat(alerts("MASS_REVEAL")).as("three after the acknowledgement: not more than the threshold")
                .singleElement().satisfies(a -> assertThat(a.alertId()).isEqualTo(first));
        read(CLERK, acknowledgedAt.plusSeconds(2), true, "GET /api/members/{id}", List.of("m-13"));
        assertThat(alerts("MASS_REVEAL")).hasSize(2).anySatisfy(a -> {
            assertThat(a.alertId()).isNotEqualTo(first);
            assertThat(a.state()).isEqualTo("open");
            assertThat(a.count()).isEqualTo(4);
            assertThat(a.windowStart()).isEqualTo(acknowledgedAt.plusSeconds(1));
        });
        assertThat(listing.one(first)).hasValueSatisfying(a -> assertThat(a.count()).isEqualTo(5));
    }

    @Test
    void a_days_alert_acknowledged_is_followed_by_a_new_one_for_the_rest_of_the_day() {
        Instant night = shanghai("2026-11-30T22:00:00");
        read(CLERK, night, false, "GET /api/members/{id}", List.of("m-1"));
        String first = alerts("OFF_HOURS_READ").get(0).alertId();
        deliver(() -> projection.on(new AlertAcknowledged(first, "值班核对"), actor("dpo", Role.DPO, "city", "10.0.0.2"),
                night.plusSeconds(60)));
        read(CLERK, night.plusSeconds(120), false, "GET /api/members/{id}", List.of("m-2"));
        assertThat(alerts("OFF_HOURS_READ")).hasSize(2).filteredOn(a -> a.state().equals("open")).singleElement()
                .satisfies(a -> assertThat(a.count()).isEqualTo(1));
    }

    void union(String id, String path) {
        jdbc.update("""
                insert into union_view (id, level, name, path, profile, version, registered_at, updated_at)
                values (?, 'GRASSROOTS', ?, ?, '{}'::jsonb, 0, now(), now())""", id, "工会" + id, path);
    }

    void member(String id, String union, String path) {
        jdbc.update("""
                insert into member_view (id, union_id, union_path, status, name, id_number, id_tail, details, authorised,
                    version, registered_at, updated_at)
                values (?, ?, ?, 'ACTIVE', '某某', 'x', 'x', '{}'::jsonb, false, 0, now(), now())""", id, union, path);
    }
}
