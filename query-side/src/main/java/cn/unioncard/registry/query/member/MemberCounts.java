package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.member.MemberStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Members per union and status (table member_count), changed by the member directory in the
 * transaction that changes the member, so the list's total needs no count of the union. A count is
 * spread over {@link #SLOTS} rows, the slot chosen by member id, so that concurrent registrations in
 * one union seldom wait for each other's row; the total is the sum of the slots.
 */
@Component
class MemberCounts {

    static final int SLOTS = 8;

    /** How a slot's row takes a change: created at the change, or added to (also {@link NewMembers}). */
    static final String ADD_TO_SLOT = "on conflict (union_id, status, slot) do update set members = member_count.members"
            + " + excluded.members";

    private final JdbcTemplate jdbc;

    MemberCounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A member entered, left or moved: {@code from} and {@code to} are (union, status), null for none.
     * Rows are changed in one order (union, then status) whatever the move, so two opposite moves in
     * concurrent transactions cannot deadlock on each other's rows.
     */
    void moved(String memberId, String fromUnion, MemberStatus fromStatus, String toUnion, MemberStatus toStatus) {
        if (Objects.equals(fromUnion, toUnion) && fromStatus == toStatus) {
            return;
        }
        Map<String, Integer> deltas = new TreeMap<>();
        if (fromUnion != null) {
            deltas.merge(fromUnion + '\u0000' + fromStatus.name(), -1, Integer::sum);
        }
        if (toUnion != null) {
            deltas.merge(toUnion + '\u0000' + toStatus.name(), 1, Integer::sum);
        }
        int slot = slot(memberId);
        deltas.forEach((key, delta) -> {
            int cut = key.indexOf('\u0000');
            jdbc.update("insert into member_count (union_id, status, slot, members) values (?, ?, ?, ?) " + ADD_TO_SLOT,
                    key.substring(0, cut), key.substring(cut + 1), slot, delta);
        });
    }

    /** The member's slot: always the same one, so a move takes the member out of the slot it was counted in. */
    static int slot(String memberId) {
        return Math.floorMod(memberId.hashCode(), SLOTS);
    }

    /** The union's members, of one status or (null) of any. */
    long of(String unionId, MemberStatus status) {
        Long n = status == null
                ? jdbc.queryForObject("select sum(members) from member_count where union_id = ?", Long.class, unionId)
                : jdbc.queryForObject("select sum(members) from member_count where union_id = ? and status = ?",
                Long.class, unionId, status.name());
        return n == null ? 0 : n;
    }
}
