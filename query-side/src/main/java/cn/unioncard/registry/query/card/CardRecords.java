package cn.unioncard.registry.query.card;

import cn.unioncard.registry.events.card.CardState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The card projection's reads: a member's cards and their history, a batch's cards, the covers of a period. */
@Component
class CardRecords {

    /** One card as card_view holds it (masked number only). */
    record Card(String cardId, String memberId, String unionId, String batchId, String maskedNumber, String cardType,
                CardState state, String branch, LocalDate issuedOn, LocalDate handedOutOn, LocalDate activatedOn,
                String activationChannel, String activationBranch, LocalDate coverStartsOn, LocalDate coverEndsOn,
                boolean qualificationDeclined, LocalDate cancelledOn, String cancelReason, boolean current) {
    }

    /** One step in a card's history. */
    record Change(String cardId, long seq, String kind, Instant at, LocalDate on, String maskedNumber,
                  String previousMasked, String reason, String by) {
    }

    private static final String CARD_COLUMNS = """
            card_id, member_id, union_id, batch_id, masked_number, card_type, state, branch, issued_on, handed_out_on,
            activated_on, activation_channel, activation_branch, cover_starts_on, cover_ends_on, qualification_declined,
            cancelled_on, cancel_reason, is_current""";

    private static final RowMapper<Card> CARD = (rs, i) -> new Card(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getString(6), CardState.valueOf(rs.getString(7)), rs.getString(8),
            day(rs, 9), day(rs, 10), day(rs, 11), rs.getString(12), rs.getString(13), day(rs, 14), day(rs, 15),
            rs.getBoolean(16), day(rs, 17), rs.getString(18), rs.getBoolean(19));

    private final JdbcTemplate jdbc;

    CardRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The member's cards, the current one first, then the earlier ones newest first. */
    List<Card> ofMember(String memberId) {
        return jdbc.query("select " + CARD_COLUMNS + " from card_view where member_id = ? "
                + "order by is_current desc, issued_at desc, card_id", CARD, memberId);
    }

    /** The history of all the member's cards, oldest first. */
    List<Change> historyOf(String memberId) {
        return jdbc.query("""
                select card_id, seq, kind, at, on_date, masked_number, previous_masked, reason, recorded_by
                from card_change_view where member_id = ? order by at, card_id, seq""",
                (rs, i) -> new Change(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                        day(rs, 5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)), memberId);
    }

    /** The batch's cards not cancelled: those the sign-off sheet lists. */
    List<Card> liveOfBatch(String batchId) {
        return jdbc.query("select " + CARD_COLUMNS + " from card_view where batch_id = ? and state <> ? "
                + "order by member_id", CARD, batchId, CardState.CANCELLED.name());
    }

    /** Cards whose cover started between {@code from} and {@code to}, both inclusive. */
    List<Card> coversStarted(LocalDate from, LocalDate to) {
        return jdbc.query("select " + CARD_COLUMNS + " from card_view where cover_starts_on between ? and ? "
                + "order by cover_starts_on, card_id", CARD, Date.valueOf(from), Date.valueOf(to));
    }

    private static LocalDate day(ResultSet rs, int column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }
}
