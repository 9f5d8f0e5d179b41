package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.ImportKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command side's table of import jobs (import_job), written in the transaction of each job
 * event, so that after a restart the runner finds what is unfinished and for whom it acts.
 */
@Component
class ImportJobs {

    /** A job the runner still has to finish, from the row after {@code throughRow}. */
    record Unfinished(String jobId, ImportKind kind, String unionId, Actor actor, int throughRow) {
    }

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();

    ImportJobs(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void queued(String jobId, ImportKind kind, String unionId, Actor actor, Instant at, String storeId) {
        jdbc.update("insert into import_job (job_id, kind, union_id, actor, state, started_at, store_id) "
                        + "values (?,?,?,?,?,?,?)", jobId, kind.name(), unionId, write(AuditMetadata.of(actor)),
                ImportJob.State.QUEUED.name(), Timestamp.from(at), storeId);
    }

    void progressed(String jobId, int throughRow) {
        jdbc.update("update import_job set state = ?, processed_through = ? where job_id = ?",
                ImportJob.State.RUNNING.name(), throughRow, jobId);
    }

    void finished(String jobId, ImportJob.State state) {
        jdbc.update("update import_job set state = ? where job_id = ?", state.name(), jobId);
    }

    /** The unfinished jobs whose upload is in {@code storeId}'s store, oldest first: the order they were queued in. */
    List<Unfinished> unfinished(String storeId) {
        return jdbc.query(UNFINISHED + " order by started_at, job_id", this::toUnfinished, storeId);
    }

    /** The job as it is now if it is still unfinished: read again once its lease is held. */
    Optional<Unfinished> unfinished(String storeId, String jobId) {
        return jdbc.query(UNFINISHED + " and job_id = ?", this::toUnfinished, storeId, jobId).stream().findFirst();
    }

    /** Jobs queued or running whose files are in the store {@code ?} (or in every store: made before ids). */
    private static final String UNFINISHED = """
            select job_id, kind, union_id, actor, processed_through from import_job
            where state in ('QUEUED', 'RUNNING') and (store_id is null or store_id = ?)""";

    private Unfinished toUnfinished(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Unfinished(rs.getString(1), ImportKind.valueOf(rs.getString(2)), rs.getString(3),
                AuditMetadata.from(read(rs.getString(4))), rs.getInt(5));
    }

    private String write(Map<String, String> metadata) {
        try {
            return json.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("actor metadata not writable", e);
        }
    }

    private Map<String, String> read(String stored) {
        try {
            return json.readValue(stored, METADATA);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored actor metadata unreadable", e);
        }
    }
}
