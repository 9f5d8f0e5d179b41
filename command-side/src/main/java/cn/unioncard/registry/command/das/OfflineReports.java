package cn.unioncard.registry.command.das;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The offline_report table: every imported .das file by its hash, and what became of its batch. */
@Component
class OfflineReports {

    enum State { IMPORTING, SUBMITTING, SUBMITTED, NONE_ACCEPTED, REFUSED }

    record Report(String fileSha256, String unionId, String keyId, String jobId, String batchId, String importedBy,
                  State state) {
    }

    private final JdbcTemplate jdbc;

    OfflineReports(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    boolean imported(String fileSha256) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from offline_report where file_sha256 = ?)", Boolean.class, fileSha256));
    }

    /** Throws {@link org.springframework.dao.DuplicateKeyException} when the file was imported (or is being). */
    void started(Report r, Instant at) {
        jdbc.update("""
                        insert into offline_report (file_sha256, union_id, key_id, job_id, batch_id, imported_by,
                                                    imported_at, state) values (?,?,?,?,?,?,?,?)""",
                r.fileSha256(), r.unionId(), r.keyId(), r.jobId(), r.batchId(), r.importedBy(), Timestamp.from(at),
                State.IMPORTING.name());
    }

    Optional<Report> byJob(String jobId) {
        return jdbc.query("""
                        select file_sha256, union_id, key_id, job_id, batch_id, imported_by, state
                        from offline_report where job_id = ?""",
                (rs, i) -> new Report(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), State.valueOf(rs.getString(7))), jobId).stream().findFirst();
    }

    /** Takes the report's follow-up for this caller: true for one caller only (the runner or the restart's catch-up). */
    boolean claim(String jobId) {
        return jdbc.update("update offline_report set state = ? where job_id = ? and state = ?", State.SUBMITTING.name(),
                jobId, State.IMPORTING.name()) == 1;
    }

    /** Reports whose follow-up has not ended: not yet claimed, or claimed by a run a stop or crash interrupted. */
    java.util.List<Report> unfinished() {
        return jdbc.query("""
                        select file_sha256, union_id, key_id, job_id, batch_id, imported_by, state
                        from offline_report where state in ('IMPORTING', 'SUBMITTING') order by imported_at""",
                (rs, i) -> new Report(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), State.valueOf(rs.getString(7))));
    }

    void finished(String jobId, State state, String problem) {
        jdbc.update("update offline_report set state = ?, problem = ? where job_id = ?", state.name(), problem, jobId);
    }
}
