package cn.unioncard.registry.query.card;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.card.ActivationChannel;
import cn.unioncard.registry.events.card.CardActivated;
import cn.unioncard.registry.events.card.CardCancellationReason;
import cn.unioncard.registry.events.card.CardCancelled;
import cn.unioncard.registry.events.card.CardHandedOut;
import cn.unioncard.registry.events.card.CardIssuanceRecorded;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.card.CardNumberChangeReason;
import cn.unioncard.registry.events.card.CardNumberChanged;
import cn.unioncard.registry.events.card.InsuranceCoverEnded;
import cn.unioncard.registry.events.card.IssuanceOutcome;
import cn.unioncard.registry.events.card.IssuanceResult;
import cn.unioncard.registry.events.card.QualificationDeclined;
import cn.unioncard.registry.events.codes.CardType;
import cn.unioncard.registry.events.member.MemberTransferred;
import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.query.ProjectionTest;
import cn.unioncard.registry.query.union.UnionPaths;
import cn.unioncard.registry.testing.TestDatabase;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ProjectionTest
class CardProjectionTest {

    static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    static final LocalDate D0 = LocalDate.of(2026, 12, 1);
    static final String NUMBER = "6222020200112345678";
    static final String NEW_NUMBER = "6222020200198765432";
    static final MetaData BANK = MetaData.from(AuditMetadata.of(new Actor("bank@city", Role.BANK_OPERATOR, "city",
            "127.0.0.1", "c-1", null)));

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    UnionPaths unions;

    CardProjection projection;
    CardRecords records;

    @BeforeEach
    void setUp() {
        TestDatabase.emptied("card_change_view", "card_view", "card_issuance_row_view", "card_issuance_run_view",
                "union_view");
        union("g-1", "/city/d-1/g-1/");
        union("g-2", "/city/d-2/g-2/");
        projection = new CardProjection(new CardRows(jdbc, unions));
        records = new CardRecords(jdbc);
    }

    void union(String id, String path) {
        jdbc.update("""
                insert into union_view (id, level, name, path, profile, version, registered_at, updated_at)
                values (?, 'GRASSROOTS', ?, ?, '{}'::jsonb, 0, now(), now())""", id, id, path);
    }

    void handle(Runnable handler) {
        tx.executeWithoutResult(s -> handler.run());
    }

    static CardIssued issued(String cardId, String memberId, String number) {
        return new CardIssued(cardId, memberId, "g-1", "b-1", "r-1", number, CardType.DEBIT, "工商银行思明支行", D0);
    }

    Map<String, Object> card(String cardId) {
        return jdbc.queryForMap("select * from card_view where card_id = ?", cardId);
    }

    /** Every text value of every card table, to look for numbers. */
    String everything() {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("card_view", "card_change_view", "card_issuance_run_view", "card_issuance_row_view")) {
            jdbc.queryForList("select * from " + table).forEach(r -> all.append(r.values()).append('\n'));
        }
        return all.toString();
    }

    @Test
    void an_issued_card_is_the_members_current_one_with_a_masked_number_and_its_unions_path() {
        handle(() -> projection.on(issued("c-1", "m-1", NUMBER), BANK, T0));

        assertThat(card("c-1")).containsEntry("member_id", "m-1").containsEntry("union_path", "/city/d-1/g-1/")
                .containsEntry("batch_id", "b-1").containsEntry("masked_number", "6222 **** **** 5678")
                .containsEntry("state", "ISSUED").containsEntry("card_type", "DEBIT")
                .containsEntry("branch", "工商银行思明支行").containsEntry("issued_on", Date.valueOf(D0))
                .containsEntry("is_current", true).containsEntry("qualification_declined", false);
        assertThat(records.historyOf("m-1")).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("ISSUED");
            assertThat(c.maskedNumber()).isEqualTo("6222 **** **** 5678");
            assertThat(c.by()).isEqualTo("bank@city");
        });
        assertThat(everything()).doesNotContain(NUMBER).doesNotContain(NUMBER.substring(4, 15));
    }

    @Test
    void a_card_in_a_union_the_directory_does_not_hold_fails_and_changes_nothing() {
        CardIssued e = new CardIssued("c-x", "m-1", "g-unknown", "b-1", "r-1", NUMBER, CardType.DEBIT, "网点", D0);
        assertThatThrownBy(() -> handle(() -> projection.on(e, BANK, T0)))
                .isInstanceOf(EmptyResultDataAccessException.class);
        assertThat(jdbc.queryForObject("select count(*) from card_view", Long.class)).isZero();
    }

    @Test
    void hand_out_activation_number_change_and_cancellation_move_the_card_and_keep_its_history() {
        handle(() -> projection.on(issued("c-1", "m-1", NUMBER), BANK, T0));
        handle(() -> projection.on(new QualificationDeclined("c-1", "m-1", "b-1"), BANK, T0));
        handle(() -> projection.on(new CardHandedOut("c-1", "m-1", D0.plusDays(2), "op@g-1"), T0.plusSeconds(60)));
        handle(() -> projection.on(new CardActivated("c-1", "m-1", ActivationChannel.BANK_ON_SITE, "思明支行",
                D0.plusDays(3), D0.plusDays(3), "bank@city"), T0.plusSeconds(120)));
        handle(() -> projection.on(new CardNumberChanged("c-1", "m-1", NUMBER, NEW_NUMBER, CardNumberChangeReason.LOST,
                D0.plusDays(5), "op@g-1"), T0.plusSeconds(180)));

        assertThat(card("c-1")).containsEntry("state", "ACTIVATED").containsEntry("qualification_declined", true)
                .containsEntry("handed_out_on", Date.valueOf(D0.plusDays(2)))
                .containsEntry("activated_on", Date.valueOf(D0.plusDays(3)))
                .containsEntry("activation_channel", "BANK_ON_SITE")
                .containsEntry("cover_starts_on", Date.valueOf(D0.plusDays(3))).containsEntry("cover_ends_on", null)
                .containsEntry("masked_number", "6222 **** **** 5432");

        handle(() -> projection.on(new CardCancelled("c-1", "m-1", CardCancellationReason.CARD_CLOSED, D0.plusDays(9),
                D0.plusDays(9), "op@g-1"), T0.plusSeconds(240)));

        assertThat(card("c-1")).containsEntry("state", "CANCELLED").containsEntry("cancel_reason", "CARD_CLOSED")
                .containsEntry("cover_ends_on", Date.valueOf(D0.plusDays(9))).containsEntry("is_current", true);
        List<CardRecords.Change> history = records.historyOf("m-1");
        assertThat(history).extracting(CardRecords.Change::kind).containsExactly("ISSUED", "QUALIFICATION_DECLINED",
                "HANDED_OUT", "ACTIVATED", "NUMBER_CHANGED", "CANCELLED");
        assertThat(history.get(4)).satisfies(c -> {
            assertThat(c.maskedNumber()).isEqualTo("6222 **** **** 5432");
            assertThat(c.previousMasked()).isEqualTo("6222 **** **** 5678");
            assertThat(c.reason()).isEqualTo("LOST");
            assertThat(c.on()).isEqualTo(D0.plusDays(5));
            assertThat(c.by()).isEqualTo("op@g-1");
        });
        assertThat(everything()).doesNotContain(NUMBER).doesNotContain(NEW_NUMBER);
    }

    @Test
    void a_withdrawal_ends_the_cover_and_a_later_card_becomes_current() {
        handle(() -> projection.on(issued("c-1", "m-1", NUMBER), BANK, T0));
        handle(() -> projection.on(new CardActivated("c-1", "m-1", ActivationChannel.IN_PERSON_AT_BRANCH, "思明支行",
                D0, D0, "bank@city"), T0.plusSeconds(1)));
        handle(() -> projection.on(new InsuranceCoverEnded("c-1", "m-1", D0.plusDays(30)), MetaData.emptyInstance(),
                T0.plusSeconds(2)));
        assertThat(card("c-1")).containsEntry("cover_ends_on", Date.valueOf(D0.plusDays(30)))
                .containsEntry("state", "ACTIVATED");

        handle(() -> projection.on(new CardCancelled("c-1", "m-1", CardCancellationReason.MEMBER_LEFT, D0.plusDays(31),
                null, "op@g-1"), T0.plusSeconds(3)));
        handle(() -> projection.on(issued("c-2", "m-1", NEW_NUMBER), BANK, T0.plusSeconds(4)));

        assertThat(card("c-1")).containsEntry("is_current", false)
                .containsEntry("cover_ends_on", Date.valueOf(D0.plusDays(30)));
        assertThat(records.ofMember("m-1")).extracting(CardRecords.Card::cardId).containsExactly("c-2", "c-1");
        assertThat(records.coversStarted(D0, D0)).extracting(CardRecords.Card::cardId).containsExactly("c-1");
        assertThat(records.coversStarted(D0.plusDays(1), D0.plusDays(40))).isEmpty();
    }

    @Test
    void an_erasure_leaves_no_masked_number_of_the_member_but_keeps_the_cards_and_their_dates() {
        handle(() -> projection.on(issued("c-1", "m-1", NUMBER), BANK, T0));
        handle(() -> projection.on(new CardNumberChanged("c-1", "m-1", NUMBER, NEW_NUMBER,
                CardNumberChangeReason.DAMAGED, D0, "op@g-1"), T0.plusSeconds(1)));
        handle(() -> projection.on(issued("c-9", "m-9", "6222020200155555555"), BANK, T0));
        handle(() -> projection.on(new PersonalDataErased("m-1", "g-1", "PIPL 47", true)));

        assertThat(card("c-1")).containsEntry("masked_number", "已删除").containsEntry("issued_on", Date.valueOf(D0));
        assertThat(records.historyOf("m-1")).allSatisfy(c -> {
            assertThat(c.maskedNumber()).isEqualTo("已删除");
            assertThat(c.previousMasked()).isIn(null, "已删除");
        });
        assertThat(everything()).doesNotContain("5678").doesNotContain("5432");
        assertThat(card("c-9")).containsEntry("masked_number", "6222 **** **** 5555");
    }

    @Test
    void a_transfer_moves_the_members_cards_to_the_new_unions_path() {
        handle(() -> projection.on(issued("c-1", "m-1", NUMBER), BANK, T0));
        handle(() -> projection.on(new MemberTransferred("m-1", "g-1", "g-2", null)));
        assertThat(card("c-1")).containsEntry("union_id", "g-2").containsEntry("union_path", "/city/d-2/g-2/");
        assertThat(new CardPaths(jdbc).pathOf("c-1")).contains("/city/d-2/g-2/");
    }

    @Test
    void a_bank_returns_run_keeps_every_rows_outcome_in_a_couple_of_statements() {
        List<IssuanceResult> rows = IntStream.rangeClosed(2, 5_001).mapToObj(r -> r % 10 == 0
                ? new IssuanceResult(r, null, null, IssuanceOutcome.NOT_IN_BATCH)
                : new IssuanceResult(r, "m-" + r, "c-" + r, IssuanceOutcome.ISSUED)).toList();
        handle(() -> projection.on(new CardIssuanceRecorded("r-1", "b-1", "g-1", "xlsx", rows, 4_500, 500), BANK, T0));

        IssuanceRuns runs = new IssuanceRuns(jdbc);
        assertThat(runs.ofBatch("b-1")).singleElement().satisfies(r -> {
            assertThat(r.total()).isEqualTo(5_000);
            assertThat(r.issued()).isEqualTo(4_500);
            assertThat(r.refused()).isEqualTo(500);
            assertThat(r.recordedBy()).isEqualTo("bank@city");
            assertThat(r.source()).isEqualTo("xlsx");
        });
        List<IssuanceRuns.Row> read = runs.rows("r-1");
        assertThat(read).hasSize(5_000);
        assertThat(read.get(8)).isEqualTo(new IssuanceRuns.Row(10, null, null, IssuanceOutcome.NOT_IN_BATCH));
        assertThat(read.get(0)).isEqualTo(new IssuanceRuns.Row(2, "m-2", "c-2", IssuanceOutcome.ISSUED));
        assertThat(new CardPaths(jdbc).pathOf("r-1")).contains("/city/d-1/g-1/");
        assertThat(runs.run("b-other", "r-1")).isEmpty();
    }
}
