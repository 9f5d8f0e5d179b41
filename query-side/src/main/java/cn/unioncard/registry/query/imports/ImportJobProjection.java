package cn.unioncard.registry.query.imports;

import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.ImportCompleted;
import cn.unioncard.registry.events.imports.ImportFailed;
import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.ImportRowsProcessed;
import cn.unioncard.registry.events.imports.ImportStarted;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import cn.unioncard.registry.query.union.UnionPaths;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;

/**
 * The import jobs' view and the members each job's rows became. Subscribing, in the transaction of
 * each job event: the upload's 202 is answered after the job's row exists (read-your-writes, as for
 * members), and a chunk's progress commits with the members it registered. Plain JDBC, a statement
 * or one batch per event.
 */
@Component
@ProcessingGroup(ImportJobProjection.GROUP)
class ImportJobProjection {

    static final String GROUP = "imports";

    private final JdbcTemplate jdbc;
    private final UnionPaths unions;

    /** Subscribing: a job is readable as soon as its upload is answered, and its progress as soon as committed. */
    @Bean
    static ProcessorSettings importsProcessor() {
        return ProcessorSettings.subscribing(GROUP).projecting("import_job_view", "import_member_row");
    }

    ImportJobProjection(JdbcTemplate jdbc, UnionPaths unions) {
        this.jdbc = jdbc;
        this.unions = unions;
    }

    @EventHandler
    void on(ImportStarted e, @Timestamp Instant at, @MetaDataValue(AuditMetadata.USER) String uploader) {
        jdbc.update("insert into import_job_view (job_id, kind, union_id, union_path, uploader, file_name, file_sha256, "
                        + "size_bytes, state, started_at) values (?, ?, ?, " + unions.pathExpression()
                        + ", ?, ?, ?, ?, 'QUEUED', ?) on conflict (job_id) do nothing",
                e.jobId(), e.kind().name(), e.unionId(), e.unionId(), uploader, e.fileName(), e.fileSha256(),
                e.sizeBytes(), java.sql.Timestamp.from(at));
    }

    /** Counts add up chunk by chunk; the rows that are members (new or already there) are kept for the report. */
    @EventHandler
    void on(ImportRowsProcessed e) {
        List<String> kind = jdbc.queryForList("""
                update import_job_view set state = case when state = 'QUEUED' then 'RUNNING' else state end,
                    total = ?, processed = processed + ?, accepted = accepted + ?, rejected = rejected + ?,
                    duplicates = duplicates + ?
                where job_id = ? returning kind""", String.class, e.total(),
                e.accepted() + e.rejected() + e.duplicates(), e.accepted(), e.rejected(), e.duplicates(), e.jobId());
        if (!kind.equals(List.of(ImportKind.MEMBERS.name()))) {
            return;
        }
        List<ImportedRow> members = e.rows().stream()
                .filter(r -> r.result() != RowResult.REJECTED && r.entityId() != null).toList();
        if (members.isEmpty()) {
            return;
        }
        // One row per chunk: this runs in the import's own transaction, once per chunk of up to 100,000 rows.
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    insert into import_member_row (job_id, first_row, row_numbers, results, member_ids)
                    values (?, ?, ?, ?, ?) on conflict (job_id, first_row) do nothing""");
            ps.setString(1, e.jobId());
            ps.setInt(2, members.get(0).row());
            ps.setArray(3, con.createArrayOf("int4", members.stream().map(ImportedRow::row).toArray()));
            ps.setArray(4, con.createArrayOf("text", members.stream().map(r -> r.result().name()).toArray()));
            ps.setArray(5, con.createArrayOf("text", members.stream().map(ImportedRow::entityId).toArray()));
            return ps;
        });
    }

    /** The totals over every chunk, as the job counted them. */
    @EventHandler
    void on(ImportCompleted e, @Timestamp Instant at) {
        jdbc.update("update import_job_view set state = 'DONE', total = ?, processed = ?, accepted = ?, rejected = ?, "
                        + "duplicates = ?, finished_at = ? where job_id = ?", e.total(),
                e.accepted() + e.rejected() + e.duplicates(), e.accepted(), e.rejected(), e.duplicates(),
                java.sql.Timestamp.from(at), e.jobId());
    }

    @EventHandler
    void on(ImportFailed e, @Timestamp Instant at) {
        jdbc.update("update import_job_view set state = 'FAILED', processed = ?, accepted = ?, rejected = ?, "
                        + "duplicates = ?, failure_reason = ?, finished_at = ? where job_id = ?", e.processed(),
                e.accepted(), e.rejected(), e.duplicates(), e.reasonCode(), java.sql.Timestamp.from(at), e.jobId());
    }
}
