package cn.unioncard.registry.command.card;

import cn.unioncard.registry.command.member.IdNumberIndexKey;
import cn.unioncard.registry.events.card.CardState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * The card lookups, written in the command's transaction: every number ever recorded (a keyed hash,
 * never the number; rows never deleted, so a number is never used twice) and each member's current card.
 */
@Component
class CardLookups {

    /** A member's current card. */
    record Holding(String cardId, CardState state) {
    }

    /** Separates this index's key from the ID-number index's: one secret, two unrelated hashes. */
    private static final String DOMAIN = "card-number-index";

    private final JdbcTemplate jdbc;
    private final ThreadLocal<Mac> hmac;

    CardLookups(JdbcTemplate jdbc, IdNumberIndexKey key) {
        this.jdbc = jdbc;
        SecretKeySpec derived = new SecretKeySpec(mac(new SecretKeySpec(key.bytes(), "HmacSHA256"))
                .doFinal(DOMAIN.getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        this.hmac = ThreadLocal.withInitial(() -> mac(derived));
    }

    /**
     * Claims a normalised number for the card: false when it was ever recorded (an earlier row of the same
     * file, another member, a cancelled or changed card). A concurrent claim waits on the primary key.
     */
    boolean claimNumber(String number, String memberId, String cardId) {
        return jdbc.update("insert into card_number_index (number_hash, member_id, card_id) values (?, ?, ?) "
                + "on conflict (number_hash) do nothing", hash(number), memberId, cardId) == 1;
    }

    Optional<Holding> holding(String memberId) {
        return jdbc.query("select card_id, state from card_holder where member_id = ?",
                (rs, i) -> new Holding(rs.getString(1), CardState.valueOf(rs.getString(2))), memberId).stream().findFirst();
    }

    /** The member's new card, replacing a cancelled one; false when the member holds a live card. */
    boolean hold(String memberId, String cardId) {
        return jdbc.update("""
                insert into card_holder (member_id, card_id, state) values (?, ?, 'ISSUED')
                on conflict (member_id) do update set card_id = excluded.card_id, state = excluded.state
                where card_holder.state = 'CANCELLED'""", memberId, cardId) == 1;
    }

    void moved(String memberId, CardState state) {
        jdbc.update("update card_holder set state = ? where member_id = ?", state.name(), memberId);
    }

    private byte[] hash(String number) {
        return hmac.get().doFinal(number.getBytes(StandardCharsets.US_ASCII));
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
