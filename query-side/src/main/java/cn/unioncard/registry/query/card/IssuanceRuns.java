package cn.unioncard.registry.query.card;

import cn.unioncard.registry.events.card.IssuanceOutcome;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The bank returns tried for a batch and each one's rows, as card_issuance_run_view and its rows hold them. */
@Component
class IssuanceRuns {

    record Run(String runId, String batchId, String unionId, String source, int total, int issued, int refused,
               Instant recordedAt, String recordedBy) {
    }

    record Row(int row, String memberId, String cardId, IssuanceOutcome outcome) {
    }

    private static final String RUN_COLUMNS =
            "run_id, batch_id, union_id, source, total, issued, refused, recorded_at, recorded_by";

    private final JdbcTemplate jdbc;

    IssuanceRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Run> ofBatch(String batchId) {
        return jdbc.query("select " + RUN_COLUMNS + " from card_issuance_run_view where batch_id = ? "
                + "order by recorded_at, run_id", IssuanceRuns::run, batchId);
    }

    Optional<Run> run(String batchId, String runId) {
        return jdbc.query("select " + RUN_COLUMNS + " from card_issuance_run_view where run_id = ? and batch_id = ?",
                IssuanceRuns::run, runId, batchId).stream().findFirst();
    }

    List<Row> rows(String runId) {
        return jdbc.query("select row_no, member_id, card_id, outcome from card_issuance_row_view where run_id = ? "
                + "order by row_no", (rs, i) -> new Row(rs.getInt(1), rs.getString(2), rs.getString(3),
                IssuanceOutcome.valueOf(rs.getString(4))), runId);
    }

    /** The masked numbers of the given cards, for the report's issued rows. */
    Map<String, String> maskedNumbers(List<String> cardIds) {
        Map<String, String> out = new HashMap<>();
        if (!cardIds.isEmpty()) {
            jdbc.query("select card_id, masked_number from card_view where card_id = any (?)",
                    rs -> {
                        out.put(rs.getString(1), rs.getString(2));
                    }, (Object) cardIds.toArray(String[]::new));
        }
        return out;
    }

    private static Run run(ResultSet rs, int i) throws SQLException {
        return new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getInt(6), rs.getInt(7), rs.getTimestamp(8).toInstant(), rs.getString(9));
    }
}
