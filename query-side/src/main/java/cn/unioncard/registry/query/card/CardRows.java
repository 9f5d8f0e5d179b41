package cn.unioncard.registry.query.card;

import cn.unioncard.registry.events.card.CardActivated;
import cn.unioncard.registry.events.card.CardCancelled;
import cn.unioncard.registry.events.card.CardHandedOut;
import cn.unioncard.registry.events.card.CardIssuanceRecorded;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.card.CardNumberChanged;
import cn.unioncard.registry.events.card.CardState;
import cn.unioncard.registry.events.card.InsuranceCoverEnded;
import cn.unioncard.registry.events.card.IssuanceResult;
import cn.unioncard.registry.events.card.QualificationDeclined;
import cn.unioncard.registry.events.member.Masking;
import cn.unioncard.registry.events.privacy.PersonalFields;
import cn.unioncard.registry.query.union.UnionPaths;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The card projection's writes, plain JDBC. A number reaches a row only through {@link Masking#cardNumber}:
 * no table holds a full card number. A history row's sequence is the card's own count, so it does not
 * depend on how the command side numbers the card's events.
 */
@Component
class CardRows {

    private final JdbcTemplate jdbc;
    private final String insertCard;
    private final String movePath;
    private final String insertRun;

    CardRows(JdbcTemplate jdbc, UnionPaths unions) {
        this.jdbc = jdbc;
        // The union's path is copied into the row (as batch_view does) so scope checks never join.
        this.insertCard = """
                insert into card_view (card_id, member_id, union_id, union_path, batch_id, run_id, masked_number,
                    card_type, state, branch, issued_on, is_current, issued_at, version, updated_at)
                select ?, ?, ?, path, ?, ?, ?, ?, ?, ?, ?, true, ?, 0, ? from (select %s as path) p
                where path is not null""".formatted(unions.pathExpression());
        this.insertRun = """
                insert into card_issuance_run_view (run_id, batch_id, union_id, union_path, source, total, issued,
                    refused, recorded_at, recorded_by)
                select ?, ?, ?, path, ?, ?, ?, ?, ?, ? from (select %s as path) p
                where path is not null""".formatted(unions.pathExpression());
        this.movePath = "update card_view set union_id = ?, union_path = %s where member_id = ?"
                .formatted(unions.pathExpression());
    }

    /** The new card becomes the member's current one; fails, changing nothing, for a union the directory lacks. */
    void issued(CardIssued e, String by, Instant at) {
        Timestamp when = Timestamp.from(at);
        jdbc.update("update card_view set is_current = false where member_id = ? and is_current", e.memberId());
        String masked = Masking.cardNumber(e.cardNumber());
        if (jdbc.update(insertCard, e.cardId(), e.memberId(), e.unionId(), e.batchId(), e.runId(), masked,
                e.cardType().name(), CardState.ISSUED.name(), e.branch(), date(e.issuedOn()), when, when,
                e.unionId()) != 1) {
            throw new EmptyResultDataAccessException(1);
        }
        history(e.cardId(), e.memberId(), "ISSUED", at, e.issuedOn(), masked, null, null, by);
    }

    void declined(QualificationDeclined e, String by, Instant at) {
        change(e.cardId(), at, "qualification_declined = true");
        history(e.cardId(), e.memberId(), "QUALIFICATION_DECLINED", at, null, null, null, null, by);
    }

    void handedOut(CardHandedOut e, Instant at) {
        change(e.cardId(), at, "state = ?, handed_out_on = ?, handed_out_by = ?", CardState.HANDED_OUT.name(),
                date(e.handedOutOn()), e.recordedBy());
        history(e.cardId(), e.memberId(), "HANDED_OUT", at, e.handedOutOn(), null, null, null, e.recordedBy());
    }

    /** The cover starts; a later cover end (withdrawal, cancellation) is cleared by a new activation only. */
    void activated(CardActivated e, Instant at) {
        change(e.cardId(), at, """
                state = ?, activated_on = ?, activation_channel = ?, activation_branch = ?, activated_by = ?,
                cover_starts_on = ?, cover_ends_on = null""", CardState.ACTIVATED.name(), date(e.activatedOn()),
                e.channel().name(), e.branch(), e.recordedBy(), date(e.coverStartsOn()));
        history(e.cardId(), e.memberId(), "ACTIVATED", at, e.activatedOn(), null, null, e.channel().name(),
                e.recordedBy());
    }

    /** The state stays; the history keeps both masked numbers. */
    void numberChanged(CardNumberChanged e, Instant at) {
        String masked = Masking.cardNumber(e.newNumber());
        change(e.cardId(), at, "masked_number = ?", masked);
        history(e.cardId(), e.memberId(), "NUMBER_CHANGED", at, e.reportedOn(), masked,
                Masking.cardNumber(e.oldNumber()), e.reason().name(), e.changedBy());
    }

    /** A cancelled card stays the member's current one until a later batch issues another. */
    void cancelled(CardCancelled e, Instant at) {
        change(e.cardId(), at, """
                state = ?, cancelled_on = ?, cancel_reason = ?, cancelled_by = ?,
                cover_ends_on = coalesce(?, cover_ends_on)""", CardState.CANCELLED.name(), date(e.cancelledOn()),
                e.reason().name(), e.cancelledBy(), date(e.coverEndsOn()));
        history(e.cardId(), e.memberId(), "CANCELLED", at, e.cancelledOn(), null, null, e.reason().name(),
                e.cancelledBy());
    }

    void coverEnded(InsuranceCoverEnded e, String by, Instant at) {
        change(e.cardId(), at, "cover_ends_on = ?", date(e.endedOn()));
        history(e.cardId(), e.memberId(), "COVER_ENDED", at, e.endedOn(), null, null, null, by);
    }

    /** The run's header, then its rows in one statement (a return of 5,000 rows is one round trip). */
    void run(CardIssuanceRecorded e, String by, Instant at) {
        if (jdbc.update(insertRun, e.runId(), e.batchId(), e.unionId(), e.source(), e.rows().size(), e.issued(),
                e.refused(), Timestamp.from(at), by, e.unionId()) != 1) {
            throw new EmptyResultDataAccessException(1);
        }
        jdbc.execute((ConnectionCallback<Void>) c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    insert into card_issuance_row_view (run_id, row_no, member_id, card_id, outcome)
                    select ?, r.row_no, r.member_id, r.card_id, r.outcome
                    from unnest(?::integer[], ?::varchar[], ?::varchar[], ?::varchar[])
                        as r(row_no, member_id, card_id, outcome)""")) {
                s.setString(1, e.runId());
                s.setArray(2, c.createArrayOf("integer", e.rows().stream().map(IssuanceResult::row).toArray()));
                s.setArray(3, c.createArrayOf("varchar", e.rows().stream().map(IssuanceResult::memberId).toArray()));
                s.setArray(4, c.createArrayOf("varchar", e.rows().stream().map(IssuanceResult::cardId).toArray()));
                s.setArray(5, c.createArrayOf("varchar", e.rows().stream().map(r -> r.outcome().name()).toArray()));
                s.executeUpdate();
            }
            return null;
        });
    }

    void moved(String memberId, String toUnionId) {
        jdbc.update(movePath, toUnionId, toUnionId, memberId);
    }

    void erased(String memberId) {
        jdbc.update("update card_view set masked_number = ? where member_id = ?", PersonalFields.ERASED, memberId);
        jdbc.update("""
                update card_change_view set masked_number = case when masked_number is null then null else ? end,
                    previous_masked = case when previous_masked is null then null else ? end
                where member_id = ? and (masked_number is not null or previous_masked is not null)""",
                PersonalFields.ERASED, PersonalFields.ERASED, memberId);
    }

    private void change(String cardId, Instant at, String set, Object... values) {
        Object[] args = new Object[values.length + 2];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = Timestamp.from(at);
        args[values.length + 1] = cardId;
        jdbc.update("update card_view set " + set + ", version = version + 1, updated_at = ? where card_id = ?", args);
    }

    private void history(String cardId, String memberId, String kind, Instant at, LocalDate on, String masked,
                         String previous, String reason, String by) {
        jdbc.update("""
                insert into card_change_view (card_id, seq, member_id, kind, at, on_date, masked_number,
                    previous_masked, reason, recorded_by)
                select ?, coalesce(max(seq) + 1, 0), ?, ?, ?, ?, ?, ?, ?, ? from card_change_view where card_id = ?""",
                cardId, memberId, kind, Timestamp.from(at), date(on), masked, previous, reason, by, cardId);
    }

    private static Date date(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }
}
