package cn.unioncard.registry.integrity;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.RunningRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static cn.unioncard.registry.integrity.ChainSupport.assertSealsMatchRecomputedChain;
import static cn.unioncard.registry.integrity.ChainSupport.awaitSealed;
import static cn.unioncard.registry.integrity.ChainSupport.eventCount;
import static cn.unioncard.registry.integrity.ChainSupport.maxEvent;
import static cn.unioncard.registry.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sealer's gap awareness against the real database. A deliberately slow transaction (its own
 * superuser connection) appends an event and stays open while later events commit: the sealer
 * must stop before its index, neither sealing past it nor declaring it a gap. Committed late, the
 * event is sealed in its place; rolled back, its index becomes a declared gap and the chain goes on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LateCommitTest {

    /** The sealer runs every 200 ms: this is several rounds. */
    private static final long HOLD_MILLIS = 1_500;

    private RunningRegistry registry;
    private Api api;
    private JdbcTemplate jdbc;
    /** A stored LoginSucceeded event whose columns the slow transactions copy. */
    private Map<String, Object> template;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        jdbc = registry.tamperingJdbc();
        api.login(ADMIN, ADMIN_PASSWORD);
        template = jdbc.queryForMap("select type, payload_type, payload_revision, time_stamp, payload, meta_data "
                + "from domain_event_entry where payload_type like '%LoginSucceeded' order by global_index desc limit 1");
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void quiet() {
        awaitSealed(jdbc, 10_000);
    }

    /** Appends a copy of the template event in {@code c}'s open transaction; answers its global index. */
    private long append(Connection c, String eventId, Long globalIndex) throws SQLException {
        String columns = "event_identifier, type, aggregate_identifier, sequence_number, payload_type, "
                + "payload_revision, time_stamp, payload, meta_data";
        String sql = globalIndex == null
                ? "insert into domain_event_entry (" + columns + ") values (?,?,?,0,?,?,?,?,?) returning global_index"
                : "insert into domain_event_entry (global_index, " + columns
                        + ") values (" + globalIndex + ",?,?,?,0,?,?,?,?,?) returning global_index";
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            insert.setString(1, eventId);
            insert.setString(2, (String) template.get("type"));
            insert.setString(3, UUID.randomUUID().toString());
            insert.setString(4, (String) template.get("payload_type"));
            insert.setString(5, (String) template.get("payload_revision"));
            insert.setString(6, (String) template.get("time_stamp"));
            insert.setBytes(7, (byte[]) template.get("payload"));
            insert.setBytes(8, (byte[]) template.get("meta_data"));
            try (ResultSet rs = insert.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    private Connection slowConnection() throws SQLException {
        Connection c = jdbc.getDataSource().getConnection();
        c.setAutoCommit(false);
        return c;
    }

    /** Events committed by other transactions after index {@code k}: logins over HTTP. */
    private void commitLaterEvents(long k) {
        api.login(ADMIN, ADMIN_PASSWORD);
        api.login(ADMIN, ADMIN_PASSWORD);
        assertThat(maxEvent(jdbc)).as("later events committed past %d", k).isGreaterThan(k);
    }

    private long sealsAtOrAfter(long k) {
        return jdbc.queryForObject("select count(*) from event_seal where global_index >= ?", Long.class, k);
    }

    private boolean isGap(long k) {
        return jdbc.queryForObject("select exists(select 1 from event_gap where global_index = ?)", Boolean.class, k);
    }

    private String sealedAt(long k) {
        return jdbc.queryForList("select event_identifier from event_seal where global_index = ?", String.class, k)
                .stream().findFirst().orElse(null);
    }

    /** While the slow transaction is open: everything before k sealed, nothing at or after k, no gap at k. */
    private void assertSealerWaitsAt(long k) throws InterruptedException {
        Thread.sleep(HOLD_MILLIS);
        assertThat(isGap(k)).as("index %d, held by a running transaction, declared a gap", k).isFalse();
        assertThat(sealsAtOrAfter(k)).as("seals at or after %d while it may still be filled", k).isZero();
        assertThat(jdbc.queryForObject("select count(*) from event_gap where global_index > ?", Long.class, k))
                .as("gaps declared past %d", k).isZero();
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry d where global_index < ? "
                        + "and not exists (select 1 from event_seal s where s.global_index = d.global_index)",
                Long.class, k)).as("committed events before %d left unsealed", k).isZero();
    }

    private void assertChainIntact() {
        awaitSealed(jdbc, 10_000);
        assertSealsMatchRecomputedChain(jdbc);
        String admin = api.login(ADMIN, ADMIN_PASSWORD);
        awaitSealed(jdbc, 10_000);
        JsonNode report = ChainSupport.verify(api, admin, "");
        assertThat(report.path("intact").asBoolean()).as("%s", report).isTrue();
        assertThat(report.path("eventsChecked").asLong()).as("%s", report).isEqualTo(eventCount(jdbc));
    }

    // ------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void aLateCommittingTransactionIsSealedInItsPlaceNotSkipped() throws Exception {
        String eventId = UUID.randomUUID().toString();
        long k;
        try (Connection slow = slowConnection()) {
            k = append(slow, eventId, null);
            commitLaterEvents(k);
            assertSealerWaitsAt(k);
            slow.commit();
        }
        assertThat(eventually(5_000, () -> eventId.equals(sealedAt(k))))
                .as("the late event sealed at %d (gap declared: %s)", k, isGap(k)).isTrue();
        assertThat(isGap(k)).isFalse();
        awaitSealed(jdbc, 5_000);
        assertThat(sealsAtOrAfter(k + 1)).as("the chain goes on after %d", k).isPositive();
        assertChainIntact();
    }

    @Test
    @Order(2)
    void aRolledBackAppendBecomesADeclaredGapAndTheChainGoesOn() throws Exception {
        long k;
        try (Connection slow = slowConnection()) {
            k = append(slow, UUID.randomUUID().toString(), null);
            commitLaterEvents(k);
            assertSealerWaitsAt(k);
            slow.rollback();
        }
        assertThat(eventually(5_000, () -> isGap(k))).as("index %d declared a gap", k).isTrue();
        assertThat(sealedAt(k)).isNull();
        awaitSealed(jdbc, 5_000);
        assertThat(sealedAt(k + 1)).as("the event after the gap is sealed").isNotNull();
        assertChainIntact();
    }

    @Test
    @Order(3)
    void severalSlowTransactionsAtOnceAreEachWaitedFor() throws Exception {
        // Three slow appends interleaved with committed events; committed in reverse order, one rolled back.
        String first = UUID.randomUUID().toString();
        String third = UUID.randomUUID().toString();
        long a;
        long b;
        long c;
        try (Connection slowA = slowConnection(); Connection slowB = slowConnection();
             Connection slowC = slowConnection()) {
            a = append(slowA, first, null);
            commitLaterEvents(a);
            b = append(slowB, UUID.randomUUID().toString(), null);
            commitLaterEvents(b);
            c = append(slowC, third, null);
            commitLaterEvents(c);
            assertSealerWaitsAt(a);
            slowC.commit();
            assertSealerWaitsAt(a);
            slowB.rollback();
            assertSealerWaitsAt(a);
            slowA.commit();
        }
        assertThat(eventually(5_000, () -> third.equals(sealedAt(c)))).as("sealed at %d", c).isTrue();
        assertThat(first).isEqualTo(sealedAt(a));
        assertThat(isGap(b)).as("rolled back %d declared a gap", b).isTrue();
        assertThat(isGap(a)).isFalse();
        assertThat(isGap(c)).isFalse();
        assertChainIntact();
    }

    @Test
    @Order(4)
    void anIndexDrawnBeforeTheTransactionsFirstWriteIsNotDeclaredAGap() throws Exception {
        // The transaction takes its global index from the sequence (no transaction id yet: nextval is
        // not transactional) and writes the row a moment later. Until it ends it may still fill k.
        String sequence = jdbc.queryForObject("select pg_get_serial_sequence('domain_event_entry', 'global_index')",
                String.class);
        String eventId = UUID.randomUUID().toString();
        long k = -1;
        try (Connection slow = slowConnection()) {
            for (int attempt = 0; attempt < 100 && k < 0; attempt++) {
                try (Statement s = slow.createStatement();
                     ResultSet next = s.executeQuery("select nextval('" + sequence + "'), "
                             + "pg_current_xact_id_if_assigned() is null")) {
                    next.next();
                    if (next.getBoolean(2)) {
                        k = next.getLong(1);
                    } else {
                        slow.rollback(); // this nextval was WAL-logged with an xid: draw again
                    }
                }
            }
            assertThat(k).as("an index drawn without a transaction id").isPositive();
            commitLaterEvents(k);
            try {
                assertSealerWaitsAt(k);
            } finally {
                append(slow, eventId, k);
                slow.commit();
            }
        } finally {
            if (k > 0 && isGap(k)) {
                // The sealer declared k a gap although the event then committed there: remove the
                // row again so that later tests start from a consistent store.
                jdbc.update("delete from domain_event_entry where global_index = ? and event_identifier = ?", k,
                        eventId);
            }
        }
        long index = k;
        assertThat(eventually(5_000, () -> eventId.equals(sealedAt(index))))
                .as("the late event sealed at %d (gap declared: %s)", k, isGap(k)).isTrue();
        assertChainIntact();
    }

    @Test
    @Order(5)
    void twoRolledBackAppendsWithAnEventBetweenThemAreBothDeclaredGaps() throws Exception {
        long a;
        long b;
        try (Connection slowA = slowConnection(); Connection slowB = slowConnection()) {
            a = append(slowA, UUID.randomUUID().toString(), null);
            commitLaterEvents(a);
            b = append(slowB, UUID.randomUUID().toString(), null);
            commitLaterEvents(b);
            assertThat(b).isGreaterThan(a + 1);
            assertSealerWaitsAt(a);
            slowA.rollback();
            slowB.rollback();
        }
        assertThat(eventually(5_000, () -> isGap(a) && isGap(b)))
                .as("both %d and %d declared gaps; gaps now %s, sealed up to %d", a, b, ChainSupport.gaps(jdbc),
                        ChainSupport.maxSeal(jdbc)).isTrue();
        assertChainIntact();
    }
}
