package cn.unioncard.registry.query.statistics;

import cn.unioncard.registry.events.batch.BatchEvent;
import cn.unioncard.registry.events.batch.BatchSubmitted;
import cn.unioncard.registry.events.batch.BatchMember;
import cn.unioncard.registry.events.card.CardEvent;
import cn.unioncard.registry.events.member.MemberEvent;
import cn.unioncard.registry.events.member.MemberRegistered;
import cn.unioncard.registry.events.union.UnionProfile;
import cn.unioncard.registry.events.union.UnionProfileUpdated;
import cn.unioncard.registry.events.union.UnionRegistered;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statistics as pure state fed events in order: the union tree, every member's facts and which
 * batch holds whom. It answers the as-of statistics (fed the stored events up to the instant) and is
 * the tests' model of what the live projection must show.
 */
final class StatisticsModel {

    private final Map<String, Figures.Union> unions = new LinkedHashMap<>();
    private final Map<String, UnionProfile> profiles = new HashMap<>();
    private final Map<String, MemberFacts> members = new HashMap<>();
    private final Map<String, Set<String>> batches = new HashMap<>();

    /** Applies one event; events it does not know change nothing. */
    void apply(Object event) {
        if (event instanceof UnionRegistered e) {
            unions.put(e.unionId(), new Figures.Union(e.unionId(), e.parentId(), e.level(), e.profile().name()));
            profiles.put(e.unionId(), e.profile());
        } else if (event instanceof UnionProfileUpdated e) {
            Figures.Union u = unions.get(e.unionId());
            if (u != null) {
                unions.put(u.id(), new Figures.Union(u.id(), u.parentId(), u.level(), e.profile().name()));
                profiles.put(u.id(), e.profile());
            }
        } else if (event instanceof MemberRegistered e) {
            MemberFacts f = new MemberFacts(e.memberId(), e.unionId());
            f.take(e.details(), null);
            members.put(e.memberId(), f);
        } else if (event instanceof BatchEvent e) {
            batch(e);
        } else if (event instanceof MemberEvent || event instanceof CardEvent) {
            String id = event instanceof CardEvent c ? c.memberId() : ((MemberEvent) event).memberId();
            MemberFacts f = members.get(id);
            if (f != null) {
                Changes.member(event, f);
            }
        }
    }

    private void batch(BatchEvent e) {
        if (e instanceof BatchSubmitted s) {
            Set<String> held = batches.computeIfAbsent(s.batchId(), b -> new HashSet<>());
            for (BatchMember m : s.members()) {
                MemberFacts f = members.get(m.memberId());
                if (f != null) {
                    if (f.batchId != null && batches.containsKey(f.batchId)) {
                        batches.get(f.batchId).remove(f.memberId);
                    }
                    Changes.batch(e, f);
                    held.add(f.memberId);
                }
            }
            return;
        }
        Set<String> held = batches.getOrDefault(e.batchId(), Set.of());
        String one = Changes.memberOf(e);
        for (String id : one == null ? List.copyOf(held) : List.of(one)) {
            MemberFacts f = members.get(id);
            if (f != null && e.batchId().equals(f.batchId)) {
                Changes.batch(e, f);
                if (f.batchId == null) {
                    held.remove(id);
                }
            }
        }
    }

    /** Every union in registration order (a parent before its children). */
    Collection<Figures.Union> unions() {
        return unions.values();
    }

    UnionProfile profile(String unionId) {
        return profiles.get(unionId);
    }

    Collection<MemberFacts> members() {
        return members.values();
    }

    /** The union as the model knows it at this point, or null when it was not registered yet. */
    Figures.Union union(String unionId) {
        return unions.get(unionId);
    }

    /** The union's children, in the order every answer lists them (name, then id). */
    List<Figures.Union> children(String unionId) {
        return unions.values().stream().filter(u -> unionId.equals(u.parentId())).sorted(ORDER).toList();
    }

    static final Comparator<Figures.Union> ORDER = Comparator.comparing(Figures.Union::name,
            Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Figures.Union::id);

    /** Every union's counted cells over its whole subtree. */
    Map<String, Map<String, Long>> cells() {
        Map<String, Map<String, Long>> cells = new HashMap<>();
        unions.values().forEach(u -> Changes.union(u.level(), profiles.get(u.id()))
                .forEach((cell, n) -> addUp(cells, u.id(), cell, n)));
        for (MemberFacts f : members.values()) {
            for (String cell : f.cells()) {
                addUp(cells, f.unionId, cell, 1);
            }
        }
        return cells;
    }

    private void addUp(Map<String, Map<String, Long>> cells, String unionId, String cell, long n) {
        for (String id = unionId; id != null; ) {
            cells.computeIfAbsent(id, k -> new HashMap<>()).merge(cell, n, Long::sum);
            Figures.Union u = unions.get(id);
            id = u == null ? null : u.parentId();
        }
    }

    /** The statistics of a union the model knows, for the given year of age and instant. */
    Figures.Statistics statistics(String unionId, int year, Instant asOf) {
        Map<String, Map<String, Long>> cells = cells();
        return Figures.of(unions.get(unionId), children(unionId), id -> cells.getOrDefault(id, Map.of()), year, asOf);
    }
}
