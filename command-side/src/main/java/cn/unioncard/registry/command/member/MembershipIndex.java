package cn.unioncard.registry.command.member;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One active membership per person city-wide (docs/architecture.md §9). The lookup holds a keyed hash
 * (HMAC-SHA256) of the ID number, never the number itself, and a partial unique index on the
 * active rows: two concurrent registrations of one person cannot both commit.
 */
@Component
class MembershipIndex {

    record Entry(String memberId, String unionId, boolean active) {
    }

    /** The person is already an active member of {@code unionId}. */
    static final class AlreadyMember extends RuntimeException {
        final String unionId;

        AlreadyMember(String unionId) {
            super("already an active member elsewhere");
            this.unionId = unionId;
        }
    }

    private final JdbcTemplate jdbc;
    /** One keyed {@link Mac} per thread (not thread-safe; {@code doFinal} resets it for the next use). */
    private final ThreadLocal<Mac> hmac;

    MembershipIndex(JdbcTemplate jdbc, IdNumberIndexKey key) {
        this.jdbc = jdbc;
        SecretKeySpec macKey = new SecretKeySpec(key.bytes(), "HmacSHA256");
        this.hmac = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(macKey);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        });
    }

    Optional<Entry> find(String memberId) {
        List<Entry> rows = jdbc.query("select member_id, union_id, active from membership_lookup where member_id = ?",
                (rs, i) -> new Entry(rs.getString(1), rs.getString(2), rs.getBoolean(3)), memberId);
        return rows.stream().findFirst();
    }

    /**
     * Claims the person for this member. A concurrent claim of the same person waits on the
     * unique index and then finds the other's row; the transaction stays usable either way.
     */
    void add(String memberId, String unionId, String idNumber) {
        byte[] hash = hash(idNumber);
        int inserted = jdbc.update("""
                insert into membership_lookup (member_id, id_hash, union_id, active) values (?,?,?,true)
                on conflict (id_hash) where active do nothing""", memberId, hash, unionId);
        if (inserted == 0) {
            throw new AlreadyMember(activeUnionOf(hash));
        }
    }

    /**
     * Claims many people at once for the members beside them, in one statement that never fails on
     * a conflict: answers the ids whose claim was made. Who holds the others, {@link #holders} says.
     */
    Set<String> claimAll(List<String> memberIds, List<String> idNumbers, String unionId) {
        byte[][] hashes = idNumbers.stream().map(this::hash).toArray(byte[][]::new);
        return new HashSet<>(jdbc.execute((ConnectionCallback<List<String>>) c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    insert into membership_lookup (member_id, id_hash, union_id, active)
                    select m, h, ?, true from unnest(?::varchar[], ?::bytea[]) as t(m, h)
                    on conflict (id_hash) where active do nothing returning member_id""")) {
                s.setString(1, unionId);
                s.setArray(2, c.createArrayOf("varchar", memberIds.toArray()));
                s.setArray(3, c.createArrayOf("bytea", hashes));
                List<String> claimed = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(rs.getString(1));
                    }
                }
                return claimed;
            }
        }));
    }

    /** The active holders of these ID numbers, by ID number (absent: no active holder). */
    Map<String, Entry> holders(List<String> idNumbers) {
        Map<ByteBuffer, String> byHash = new HashMap<>();
        idNumbers.forEach(n -> byHash.put(ByteBuffer.wrap(hash(n)), n));
        byte[][] hashes = byHash.keySet().stream().map(ByteBuffer::array).toArray(byte[][]::new);
        Map<String, Entry> holders = new HashMap<>();
        jdbc.execute((ConnectionCallback<Void>) c -> {
            try (PreparedStatement s = c.prepareStatement("select id_hash, member_id, union_id from membership_lookup "
                    + "where active and id_hash = any(?)")) {
                s.setArray(1, c.createArrayOf("bytea", hashes));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        holders.put(byHash.get(ByteBuffer.wrap(rs.getBytes(1))),
                                new Entry(rs.getString(2), rs.getString(3), true));
                    }
                }
            }
            return null;
        });
        return holders;
    }

    /** Every member, active or not, whose lookup row holds this (normalised) ID number; none once erased. */
    List<String> withIdNumber(String idNumber) {
        return jdbc.queryForList("select member_id from membership_lookup where id_hash = ? order by member_id",
                String.class, hash(idNumber));
    }

    void changeIdNumber(String memberId, String idNumber) {
        byte[] hash = hash(idNumber);
        String holder = activeUnionOf(hash);
        if (holder != null) {
            throw new AlreadyMember(holder);
        }
        try {
            jdbc.update("update membership_lookup set id_hash = ? where member_id = ?", hash, memberId);
        } catch (DuplicateKeyException e) {
            // Claimed by a concurrent registration between the check and the update.
            throw new AlreadyMember(null);
        }
    }

    void move(String memberId, String unionId) {
        jdbc.update("update membership_lookup set union_id = ? where member_id = ?", unionId, memberId);
    }

    /** The member's signed authorisation was received on that day (written with the event, never by imports). */
    void authorise(String memberId, LocalDate receivedOn) {
        jdbc.update("update membership_lookup set authorised_on = ? where member_id = ?", receivedOn, memberId);
    }

    void deactivate(String memberId) {
        jdbc.update("update membership_lookup set active = false where member_id = ?", memberId);
    }

    /** After an erasure: the membership has ended and the registry no longer knows the person. */
    void forget(String memberId) {
        jdbc.update("update membership_lookup set id_hash = null, active = false where member_id = ?", memberId);
    }

    private String activeUnionOf(byte[] hash) {
        return jdbc.queryForList("select union_id from membership_lookup where id_hash = ? and active", String.class,
                hash).stream().findFirst().orElse(null);
    }

    private byte[] hash(String idNumber) {
        return hmac.get().doFinal(idNumber.getBytes(StandardCharsets.UTF_8));
    }
}
