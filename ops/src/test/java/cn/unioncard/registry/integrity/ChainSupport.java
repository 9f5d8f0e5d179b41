package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.StoredEvent;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import static cn.unioncard.registry.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Helpers of the chain's integration tests: a union with an operator who registers members,
 * the chain recomputed straight from the rows (own column mapping), waiting for the sealer, and
 * superuser transactions that hold the sealer's advisory lock.
 */
final class ChainSupport {

    /** The sealer's advisory lock ("UCRCHAIN"), copied: holding it keeps the sealer out. */
    static final long SEALER_LOCK = 0x55_43_52_43_48_41_49_4EL;
    static final String EVENT_COLUMNS = "global_index, event_identifier, type, aggregate_identifier, "
            + "sequence_number, payload_type, payload_revision, time_stamp, payload, meta_data";


    private ChainSupport() {
    }

    // ------------------------------------------------------------------ set-up over HTTP

    record Union(String id, String operatorToken) {
    }

    static String cityId(Api api, String admin) {
        Response cities = api.get("/api/unions?level=CITY", admin);
        assertThat(cities.status()).as("%s", cities).isEqualTo(200);
        return cities.json().path("items").get(0).path("id").asText();
    }

    /** A district and a grassroots union in it whose operator has changed the one-time password. */
    static Union grassroots(Api api, String admin, String districtName, String unionName, String password) {
        Response d = api.post("/api/unions", admin, Forms.district(cityId(api, admin), districtName));
        assertThat(d.status()).as("%s", d).isEqualTo(201);
        Response g = api.post("/api/unions", admin, Forms.minimalGrassroots(d.json().path("unionId").asText(),
                unionName));
        assertThat(g.status()).as("%s", g).isEqualTo(201);
        String operator = api.loginAndChangePassword(g.json().path("operatorUsername").asText(),
                g.json().path("oneTimePassword").asText(), password);
        return new Union(g.json().path("unionId").asText(), operator);
    }

    static JsonNode verify(Api api, String token, String query) {
        Response r = api.get("/api/audit/verify" + query, token);
        assertThat(r.status()).as("verify%s: %s", query, r).isEqualTo(200);
        return r.json();
    }

    // ------------------------------------------------------------------ the database

    static long maxEvent(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
    }

    static long maxSeal(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select coalesce(max(global_index), 0) from event_seal", Long.class);
    }

    static long eventCount(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    static long sealCount(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from event_seal", Long.class);
    }

    /** Waits until the newest stored event is sealed; fails the test after {@code millis}. */
    static void awaitSealed(JdbcTemplate jdbc, long millis) {
        assertThat(eventually(millis, () -> maxSeal(jdbc) >= maxEvent(jdbc)))
                .as("the sealer caught up: seal %d, event %d", maxSeal(jdbc), maxEvent(jdbc)).isTrue();
    }

    /** Every row as stored, by global index, read with this test's own column mapping. */
    static TreeMap<Long, StoredEvent> rows(JdbcTemplate jdbc) {
        TreeMap<Long, StoredEvent> rows = new TreeMap<>();
        jdbc.query("select global_index, event_identifier, type, aggregate_identifier, sequence_number, payload_type, "
                + "payload_revision, time_stamp, payload, meta_data from domain_event_entry order by global_index", rs -> {
            StoredEvent e = new StoredEvent(rs.getLong("global_index"), rs.getString("event_identifier"),
                    rs.getString("type"), rs.getString("aggregate_identifier"), rs.getLong("sequence_number"),
                    rs.getString("payload_type"), rs.getString("payload_revision"), rs.getString("time_stamp"),
                    rs.getBytes("payload"), rs.getBytes("meta_data"));
            rows.put(e.globalIndex(), e);
        });
        return rows;
    }

    record SealRow(long globalIndex, String eventIdentifier, byte[] hash) {
    }

    static TreeMap<Long, SealRow> seals(JdbcTemplate jdbc) {
        TreeMap<Long, SealRow> seals = new TreeMap<>();
        jdbc.query("select global_index, event_identifier, hash from event_seal order by global_index", rs -> {
            seals.put(rs.getLong(1), new SealRow(rs.getLong(1), rs.getString(2), rs.getBytes(3)));
        });
        return seals;
    }

    static List<Long> gaps(JdbcTemplate jdbc) {
        return jdbc.queryForList("select global_index from event_gap order by global_index", Long.class);
    }

    /** SHA-256(previous ‖ canonical), the canonical form checked against its javadoc in events' tests. */
    static byte[] chain(byte[] previous, StoredEvent e) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previous);
            sha.update(e.canonicalBytes());
            return sha.digest();
        } catch (NoSuchAlgorithmException x) {
            throw new IllegalStateException(x);
        }
    }

    /**
     * The chain recomputed from the rows alone must equal the seals exactly: every stored event is
     * sealed with its hash and identifier, no seal lacks its row, no declared gap holds a row, and
     * seals and gaps together cover 1..max without a hole. Answers the recomputed head hash.
     */
    static byte[] assertSealsMatchRecomputedChain(JdbcTemplate jdbc) {
        TreeMap<Long, StoredEvent> rows = rows(jdbc);
        TreeMap<Long, SealRow> seals = seals(jdbc);
        List<Long> gaps = gaps(jdbc);
        assertThat(seals.keySet()).as("sealed indexes = stored indexes").containsExactlyElementsOf(rows.keySet());
        assertThat(gaps).as("declared gaps hold no event").doesNotContainAnyElementsOf(rows.keySet());
        long max = rows.isEmpty() ? 0 : rows.lastKey();
        List<Long> covered = new ArrayList<>(seals.keySet());
        covered.addAll(gaps);
        covered.sort(Long::compare);
        List<Long> all = new ArrayList<>();
        for (long i = 1; i <= max; i++) {
            all.add(i);
        }
        assertThat(covered.stream().filter(i -> i <= max).toList()).as("seals and gaps cover 1..%d", max)
                .isEqualTo(all);
        byte[] previous = new byte[32];
        for (StoredEvent e : rows.values()) {
            previous = chain(previous, e);
            SealRow s = seals.get(e.globalIndex());
            assertThat(s.eventIdentifier()).as("event sealed at %d", e.globalIndex()).isEqualTo(e.eventIdentifier());
            assertThat(s.hash()).as("seal hash at %d", e.globalIndex()).isEqualTo(previous);
        }
        return previous;
    }

    /**
     * Runs {@code work} in one superuser transaction holding the sealer's advisory lock, so the
     * sealer cannot interleave (it skips its round while the lock is taken).
     */
    static void underSealerLock(RunningRegistry registry, Consumer<JdbcTemplate> work) {
        TransactionTemplate tx = new TransactionTemplate(
                registry.context().getBean(org.springframework.transaction.PlatformTransactionManager.class));
        JdbcTemplate jdbc = registry.tamperingJdbc();
        tx.executeWithoutResult(status -> {
            jdbc.queryForObject("select pg_advisory_xact_lock(?)::text", String.class, SEALER_LOCK);
            work.accept(jdbc);
        });
    }

    /** Rewrites every seal from {@code from} on so that it follows from the rows as they now are. */
    static int rewriteSealsFrom(JdbcTemplate jdbc, long from) {
        byte[] previous = jdbc.query("select hash from event_seal where global_index < ? order by global_index desc "
                + "limit 1", rs -> rs.next() ? rs.getBytes(1) : new byte[32], from);
        Map<Long, byte[]> rewritten = new HashMap<>();
        for (StoredEvent e : rows(jdbc).tailMap(from, true).values()) {
            if (!Boolean.TRUE.equals(jdbc.queryForObject("select exists(select 1 from event_seal where global_index = ?)",
                    Boolean.class, e.globalIndex()))) {
                break;
            }
            previous = chain(previous, e);
            rewritten.put(e.globalIndex(), previous);
        }
        rewritten.forEach((index, hash) ->
                jdbc.update("update event_seal set hash = ? where global_index = ?", hash, index));
        return rewritten.size();
    }
}
