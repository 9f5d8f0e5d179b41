package cn.unioncard.registry.command.das;

import cn.unioncard.registry.events.imports.ImportFailed;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The offline_report table: every imported .das file by its manifest's hash, and what became of its batch. */
@Component
class OfflineReports {

    enum State { IMPORTING, SUBMITTING, SUBMITTED, NONE_ACCEPTED, REFUSED }

    record Report(String manifestSha256, String fileSha256, String unionId, String keyId, String jobId, String batchId,
                  String importedBy, State state, String claim) {
    }

    private static final String COLUMNS =
            "manifest_sha256, file_sha256, union_id, key_id, job_id, batch_id, imported_by, state, claim";
    private static final RowMapper<Report> REPORT = (rs, i) -> new Report(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
            State.valueOf(rs.getString(8)), rs.getString(9));

    private final JdbcTemplate jdbc;
    private final EventStore events;

    OfflineReports(JdbcTemplate jdbc, EventStore events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    Optional<Report> byManifest(String manifestSha256) {
        return jdbc.query("select " + COLUMNS + " from offline_report where manifest_sha256 = ?", REPORT,
                manifestSha256).stream().findFirst();
    }

    /** A report that may be imported again: its batch was refused, or its import job failed. */
    boolean retryable(Report r) {
        if (r.state() == State.REFUSED) {
            return true;
        }
        for (Iterator<? extends DomainEventMessage<?>> it = events.readEvents(r.jobId()); it.hasNext(); ) {
            if (it.next().getPayload() instanceof ImportFailed) {
                return true;
            }
        }
        return false;
    }

    /** Drops an earlier, retryable import of the report, in the new upload's transaction (only the row read). */
    void forget(Report r) {
        jdbc.update("delete from offline_report where manifest_sha256 = ? and job_id = ?", r.manifestSha256(),
                r.jobId());
    }

    /** Throws {@link org.springframework.dao.DuplicateKeyException} when the report was imported (or is being). */
    void started(Report r, Instant at) {
        jdbc.update("""
                        insert into offline_report (manifest_sha256, file_sha256, union_id, key_id, job_id, batch_id,
                                                    imported_by, imported_at, state) values (?,?,?,?,?,?,?,?,?)""",
                r.manifestSha256(), r.fileSha256(), r.unionId(), r.keyId(), r.jobId(), r.batchId(), r.importedBy(),
                Timestamp.from(at), State.IMPORTING.name());
    }

    Optional<Report> byJob(String jobId) {
        return jdbc.query("select " + COLUMNS + " from offline_report where job_id = ?", REPORT, jobId).stream()
                .findFirst();
    }

    /** Takes the report's follow-up for this caller: true for one caller only (the runner or the restart's catch-up). */
    boolean claim(String jobId) {
        return jdbc.update("update offline_report set state = ?, claim = ? where job_id = ? and state = ?",
                State.SUBMITTING.name(), UUID.randomUUID().toString(), jobId, State.IMPORTING.name()) == 1;
    }

    /**
     * Takes over a follow-up a stop interrupted (SUBMITTING), on the claim as it was read: of two instances or
     * two start-ups that read the same report, one only gets it.
     */
    boolean takeOver(Report r) {
        return jdbc.update("""
                        update offline_report set claim = ? where job_id = ? and state = 'SUBMITTING'
                        and claim is not distinct from ?""",
                UUID.randomUUID().toString(), r.jobId(), r.claim()) == 1;
    }

    /** Reports whose follow-up has not ended: not yet claimed, or claimed by a run a stop or crash interrupted. */
    List<Report> unfinished() {
        return jdbc.query("select " + COLUMNS + " from offline_report where state in ('IMPORTING', 'SUBMITTING') "
                + "order by imported_at", REPORT);
    }

    /** How many of the report's members were left out (not authorised, not in the batch) for want of a date. */
    void withoutConsent(String jobId, int members) {
        jdbc.update("update offline_report set without_consent = ? where job_id = ?", members, jobId);
    }

    void finished(String jobId, State state, String problem) {
        jdbc.update("update offline_report set state = ?, problem = ? where job_id = ?", state.name(), problem, jobId);
    }
}
