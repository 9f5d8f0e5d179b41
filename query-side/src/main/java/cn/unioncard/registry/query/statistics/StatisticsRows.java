package cn.unioncard.registry.query.statistics;

import cn.unioncard.registry.events.card.CardState;
import cn.unioncard.registry.events.codes.CardType;
import cn.unioncard.registry.events.union.UnionLevel;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The live statistics' tables: members' facts and each union's counted cells. Changes of a unit of work
 * are gathered (facts by member, counts by union and cell) and written in two statements when it
 * commits, so an import's chunk of registrations costs two round trips, not one per member and cell.
 */
@Component
class StatisticsRows {

    private static final String PENDING = StatisticsRows.class.getName() + ".pending";
    private static final int SLOTS = 8;
    private static final String COLUMNS = "member_id, union_id, status, consent, batch_id, batch_stage, card_id,"
            + " card_state, card_reach, card_type, declined, applied, education, occupation, political_status,"
            + " ethnic_group, id_type, sex, birth_year, rural, dispatch, contract";

    /** What a unit of work has changed and not yet written. */
    private static final class Pending {
        final Map<String, MemberFacts> facts = new HashMap<>();
        final TreeSet<String> dirty = new TreeSet<>();
        final Map<String, Map<String, Long>> deltas = new TreeMap<>();
    }

    private final JdbcTemplate jdbc;
    /** Union paths never change; a union rolled back is never asked for again. */
    private final Map<String, List<String>> ancestors = new ConcurrentHashMap<>();

    StatisticsRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A union joins the tree (written at once: later events of the same unit read its path). */
    void union(String unionId, String parentId, UnionLevel level, String name, Map<String, Long> cells) {
        String parentPath = parentId == null ? "/" : jdbc.queryForList(
                "select path from statistics_union where union_id = ?", String.class, parentId).stream().findFirst()
                .orElse("/");
        jdbc.update("insert into statistics_union (union_id, parent_id, level, name, path, staff, members,"
                        + " migrant_workers, dispatched_workers, insured) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " on conflict (union_id) do nothing", unionId, parentId, level.name(), name,
                parentPath + unionId + "/", figure(cells, "staff"), figure(cells, "members"),
                figure(cells, "migrantWorkers"), figure(cells, "dispatchedWorkers"), figure(cells, "insured"));
        add(unionId, cells, 1);
    }

    /** A profile replaced: its figures replace the old ones. */
    void profile(String unionId, String name, Map<String, Long> cells) {
        List<Map<String, Object>> old = jdbc.queryForList("select level, staff, members, migrant_workers,"
                + " dispatched_workers, insured from statistics_union where union_id = ?", unionId);
        if (old.isEmpty()) {
            return;
        }
        Map<String, Object> o = old.get(0);
        if (UnionLevel.GRASSROOTS.name().equals(o.get("level"))) {
            Map<String, Long> before = new HashMap<>();
            before.put("figure.staff", ((Number) o.get("staff")).longValue());
            before.put("figure.members", ((Number) o.get("members")).longValue());
            before.put("figure.migrantWorkers", ((Number) o.get("migrant_workers")).longValue());
            before.put("figure.dispatchedWorkers", ((Number) o.get("dispatched_workers")).longValue());
            before.put("figure.insured", ((Number) o.get("insured")).longValue());
            add(unionId, before, -1);
            Map<String, Long> after = new HashMap<>(cells);
            after.remove("grassrootsUnions");
            add(unionId, after, 1);
        }
        jdbc.update("update statistics_union set name = ?, staff = ?, members = ?, migrant_workers = ?,"
                        + " dispatched_workers = ?, insured = ? where union_id = ?", name, figure(cells, "staff"),
                figure(cells, "members"), figure(cells, "migrantWorkers"), figure(cells, "dispatchedWorkers"),
                figure(cells, "insured"), unionId);
    }

    private static long figure(Map<String, Long> cells, String name) {
        return cells.getOrDefault("figure." + name, 0L);
    }

    /**
     * Fills the empty tables with the model's state: the statistics of a registry whose events were
     * stored before the statistics existed ({@link StatisticsBackfill}).
     */
    void fill(StatisticsModel model) {
        Map<String, String> paths = new HashMap<>();
        for (Figures.Union u : model.unions()) {
            String path = paths.getOrDefault(u.parentId(), "/") + u.id() + "/";
            paths.put(u.id(), path);
            Map<String, Long> cells = Changes.union(u.level(), model.profile(u.id()));
            jdbc.update("insert into statistics_union (union_id, parent_id, level, name, path, staff, members,"
                            + " migrant_workers, dispatched_workers, insured) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    u.id(), u.parentId(), u.level().name(), u.name(), path, figure(cells, "staff"),
                    figure(cells, "members"), figure(cells, "migrantWorkers"), figure(cells, "dispatchedWorkers"),
                    figure(cells, "insured"));
        }
        List<MemberFacts> all = new ArrayList<>(model.members());
        for (int from = 0; from < all.size(); from += 10_000) {
            List<MemberFacts> chunk = all.subList(from, Math.min(all.size(), from + 10_000));
            jdbc.execute((ConnectionCallback<Void>) c -> {
                writeFacts(c, chunk);
                return null;
            });
        }
        Pending p = new Pending();
        p.deltas.putAll(model.cells());
        flush(p);
    }

    /** A new member's facts. */
    void added(MemberFacts f) {
        Pending p = pending();
        p.facts.put(f.memberId, f);
        p.dirty.add(f.memberId);
        count(p, f, 1);
        writeNowOutsideAUnitOfWork(p);
    }

    /** The members' current facts (those this unit of work changed as it left them), by id. */
    Map<String, MemberFacts> load(Collection<String> memberIds) {
        Pending p = pending();
        List<String> missing = memberIds.stream().filter(id -> !p.facts.containsKey(id)).distinct().toList();
        if (!missing.isEmpty()) {
            read("member_id = any(?)", c -> c.createArrayOf("varchar", missing.toArray())).forEach(f ->
                    p.facts.putIfAbsent(f.memberId, f));
        }
        Map<String, MemberFacts> found = new HashMap<>();
        memberIds.forEach(id -> {
            MemberFacts f = p.facts.get(id);
            if (f != null) {
                found.put(id, f);
            }
        });
        return found;
    }

    /** The members a batch holds now. */
    List<MemberFacts> heldBy(String batchId) {
        Pending p = pending();
        read("batch_id = ?", c -> batchId).forEach(f -> p.facts.putIfAbsent(f.memberId, f));
        return p.facts.values().stream().filter(f -> batchId.equals(f.batchId)).toList();
    }

    /** The member's facts changed from {@code before} to {@code after} (the same member). */
    void changed(MemberFacts before, MemberFacts after) {
        Pending p = pending();
        p.facts.put(after.memberId, after);
        p.dirty.add(after.memberId);
        count(p, before, -1);
        count(p, after, 1);
        writeNowOutsideAUnitOfWork(p);
    }

    private void count(Pending p, MemberFacts f, long sign) {
        List<String> chain = ancestors(f.unionId);
        for (String cell : f.cells()) {
            for (String union : chain) {
                p.deltas.computeIfAbsent(union, u -> new TreeMap<>()).merge(cell, sign, Long::sum);
            }
        }
    }

    private void add(String unionId, Map<String, Long> cells, long sign) {
        Pending p = pending();
        for (String union : ancestors(unionId)) {
            cells.forEach((cell, n) -> p.deltas.computeIfAbsent(union, u -> new TreeMap<>())
                    .merge(cell, sign * n, Long::sum));
        }
        writeNowOutsideAUnitOfWork(p);
    }

    /** The union and every union above it (its path's ids). */
    private List<String> ancestors(String unionId) {
        return ancestors.computeIfAbsent(unionId, id -> jdbc.queryForList(
                        "select path from statistics_union where union_id = ?", String.class, id).stream().findFirst()
                .map(path -> Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList())
                .orElseThrow(() -> new IllegalStateException("a member's union is not in the statistics' tree")));
    }

    private Pending pending() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new Pending();
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(PENDING, key -> {
            unitOfWork.onPrepareCommit(u -> flush(u.getResource(PENDING)));
            return new Pending();
        });
    }

    private void writeNowOutsideAUnitOfWork(Pending p) {
        if (!CurrentUnitOfWork.isStarted()) {
            flush(p);
        }
    }

    private void flush(Pending p) {
        if (p == null) {
            return;
        }
        List<MemberFacts> facts = p.dirty.stream().map(p.facts::get).toList();
        p.dirty.clear();
        if (!facts.isEmpty()) {
            jdbc.execute((ConnectionCallback<Void>) c -> {
                writeFacts(c, facts);
                return null;
            });
        }
        List<String[]> deltas = new ArrayList<>();
        p.deltas.forEach((union, cells) -> cells.forEach((cell, n) -> {
            if (n != 0) {
                deltas.add(new String[]{union, cell, Long.toString(n)});
            }
        }));
        p.deltas.clear();
        if (!deltas.isEmpty()) {
            jdbc.execute((ConnectionCallback<Void>) c -> {
                try (PreparedStatement s = c.prepareStatement("insert into statistics_count (union_id, cell, slot, n)"
                        + " select d.u, d.c, ?, d.n from unnest(?::varchar[], ?::varchar[], ?::bigint[]) as d(u, c, n)"
                        + " on conflict (union_id, cell, slot) do update set n = statistics_count.n + excluded.n")) {
                    s.setShort(1, (short) ThreadLocalRandom.current().nextInt(SLOTS));
                    s.setArray(2, c.createArrayOf("varchar", deltas.stream().map(d -> d[0]).toArray()));
                    s.setArray(3, c.createArrayOf("varchar", deltas.stream().map(d -> d[1]).toArray()));
                    s.setArray(4, c.createArrayOf("bigint", deltas.stream().map(d -> Long.parseLong(d[2])).toArray()));
                    s.executeUpdate();
                }
                return null;
            });
        }
    }

    private static void writeFacts(Connection c, List<MemberFacts> facts) throws SQLException {
        String update = Arrays.stream(COLUMNS.split(", ")).skip(1).map(col -> col + " = excluded." + col)
                .reduce((a, b) -> a + ", " + b).orElseThrow();
        try (PreparedStatement s = c.prepareStatement("insert into statistics_member (" + COLUMNS + ") select * from"
                + " unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::boolean[], ?::varchar[], ?::smallint[],"
                + " ?::varchar[], ?::varchar[], ?::smallint[], ?::varchar[], ?::boolean[], ?::varchar[], ?::varchar[],"
                + " ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::smallint[], ?::boolean[],"
                + " ?::boolean[], ?::boolean[]) on conflict (member_id) do update set " + update)) {
            int i = 1;
            s.setArray(i++, array(c, "varchar", facts, f -> f.memberId));
            s.setArray(i++, array(c, "varchar", facts, f -> f.unionId));
            s.setArray(i++, array(c, "varchar", facts, f -> f.status));
            s.setArray(i++, array(c, "boolean", facts, f -> f.consent));
            s.setArray(i++, array(c, "varchar", facts, f -> f.batchId));
            s.setArray(i++, array(c, "smallint", facts, f -> (short) f.batchStage));
            s.setArray(i++, array(c, "varchar", facts, f -> f.cardId));
            s.setArray(i++, array(c, "varchar", facts, f -> f.cardState == null ? null : f.cardState.name()));
            s.setArray(i++, array(c, "smallint", facts, f -> (short) f.cardReach));
            s.setArray(i++, array(c, "varchar", facts, f -> f.cardType == null ? null : f.cardType.name()));
            s.setArray(i++, array(c, "boolean", facts, f -> f.declined));
            s.setArray(i++, array(c, "varchar", facts, f -> f.applied));
            s.setArray(i++, array(c, "varchar", facts, f -> f.education));
            s.setArray(i++, array(c, "varchar", facts, f -> f.occupation));
            s.setArray(i++, array(c, "varchar", facts, f -> f.politicalStatus));
            s.setArray(i++, array(c, "varchar", facts, f -> f.ethnicGroup));
            s.setArray(i++, array(c, "varchar", facts, f -> f.idType));
            s.setArray(i++, array(c, "varchar", facts, f -> f.sex));
            s.setArray(i++, array(c, "smallint", facts, f -> f.birthYear == null ? null : f.birthYear.shortValue()));
            s.setArray(i++, array(c, "boolean", facts, f -> f.rural));
            s.setArray(i++, array(c, "boolean", facts, f -> f.dispatch));
            s.setArray(i, array(c, "boolean", facts, f -> f.contract));
            s.executeUpdate();
        }
    }

    private static java.sql.Array array(Connection c, String type, List<MemberFacts> facts,
                                        Function<MemberFacts, Object> value) throws SQLException {
        return c.createArrayOf(type, facts.stream().map(value).toArray());
    }

    /** A parameter of {@link #read}: its value, given the connection (arrays need one). */
    private interface Param {
        Object of(Connection c) throws SQLException;
    }

    private List<MemberFacts> read(String where, Param param) {
        return jdbc.execute((ConnectionCallback<List<MemberFacts>>) c -> {
            // Locked to the end of the command's transaction, in one order: two commands on one member
            // (a correction and a card's step come from different aggregates) then count from each
            // other's result instead of both from the same row (which would drift the counts for good).
            try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from statistics_member where "
                    + where + " order by member_id for update")) {
                s.setObject(1, param.of(c));
                List<MemberFacts> found = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(facts(rs));
                    }
                }
                return found;
            }
        });
    }

    private static MemberFacts facts(ResultSet rs) throws SQLException {
        MemberFacts f = new MemberFacts(rs.getString(1), rs.getString(2));
        f.status = rs.getString(3);
        f.consent = rs.getBoolean(4);
        f.batchId = rs.getString(5);
        f.batchStage = rs.getShort(6);
        f.cardId = rs.getString(7);
        String state = rs.getString(8);
        f.cardState = state == null ? null : CardState.valueOf(state);
        f.cardReach = rs.getShort(9);
        String type = rs.getString(10);
        f.cardType = type == null ? null : CardType.valueOf(type);
        f.declined = rs.getBoolean(11);
        f.applied = rs.getString(12);
        f.education = rs.getString(13);
        f.occupation = rs.getString(14);
        f.politicalStatus = rs.getString(15);
        f.ethnicGroup = rs.getString(16);
        f.idType = rs.getString(17);
        f.sex = rs.getString(18);
        short year = rs.getShort(19);
        f.birthYear = rs.wasNull() ? null : (int) year;
        f.rural = rs.getBoolean(20);
        f.dispatch = rs.getBoolean(21);
        f.contract = rs.getBoolean(22);
        return f;
    }
}
