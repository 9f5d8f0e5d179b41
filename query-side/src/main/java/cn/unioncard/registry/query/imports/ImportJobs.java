package cn.unioncard.registry.query.imports;

import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.query.union.AggregatePaths;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads the import jobs' view: one job, a union's jobs newest first, the members a job's report shows. */
@Component("importJobViews") // command.imports has an ImportJobs bean too
class ImportJobs implements AggregatePaths {

    /** One row of import_job_view. */
    record Job(String jobId, ImportKind kind, String unionId, String unionPath, String uploader, String fileName,
               String fileSha256, long sizeBytes, String state, int total, int processed, int accepted, int rejected,
               int duplicates, Instant startedAt, Instant finishedAt, String failureReason) {
    }

    private static final String COLUMNS = "job_id, kind, union_id, union_path, uploader, file_name, file_sha256, "
            + "size_bytes, state, total, processed, accepted, rejected, duplicates, started_at, finished_at, "
            + "failure_reason";

    private static final RowMapper<Job> JOB = (rs, n) -> new Job(rs.getString(1), ImportKind.valueOf(rs.getString(2)),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8),
            rs.getString(9), rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getInt(13), rs.getInt(14),
            instant(rs.getTimestamp(15)), instant(rs.getTimestamp(16)), rs.getString(17));

    private final JdbcTemplate jdbc;

    ImportJobs(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Job> find(String jobId) {
        return jdbc.query("select " + COLUMNS + " from import_job_view where job_id = ?", JOB, jobId).stream()
                .findFirst();
    }

    List<Job> ofUnion(String unionId, int page, int size) {
        return jdbc.query("select " + COLUMNS + " from import_job_view where union_id = ? "
                + "order by started_at desc, job_id desc limit ? offset ?", JOB, unionId, size, (long) page * size);
    }

    long countOfUnion(String unionId) {
        Long n = jdbc.queryForObject("select count(*) from import_job_view where union_id = ?", Long.class, unionId);
        return n == null ? 0 : n;
    }

    /** The members the job's report shows: those its rows registered and those they duplicated. */
    List<String> membersShown(String jobId) {
        // A chunk processed again after a restart may be stored twice (other chunk boundaries): each member once.
        return jdbc.queryForList("""
                select u.member_id from import_member_row r, unnest(r.row_numbers, r.member_ids) as u(row_number, member_id)
                where r.job_id = ? group by u.member_id order by min(u.row_number)""", String.class, jobId);
    }

    /** A job is in the scope of whoever sees its union. */
    @Override
    public Optional<String> pathOf(String jobId) {
        return jdbc.queryForList("select union_path from import_job_view where job_id = ?", String.class, jobId)
                .stream().findFirst();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
