package cn.unioncard.registry.query.imports;

import cn.unioncard.registry.events.imports.ImportFiles;
import cn.unioncard.registry.events.member.PersonalDataErased;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.List;

/**
 * Erasure reaches the import files too: the upload and report of every job whose rows became or repeated
 * the erased member are deleted at once, not at the end of their retention (the report then answers 410).
 * A rejected row holds no member id and goes with the retention.
 */
@Component
@ProcessingGroup(ImportJobProjection.GROUP)
class ImportFilesErasure {

    private static final Logger log = LoggerFactory.getLogger(ImportFilesErasure.class);

    private final JdbcTemplate jdbc;
    private final ImportFiles files;

    ImportFilesErasure(JdbcTemplate jdbc, ImportFiles files) {
        this.jdbc = jdbc;
        this.files = files;
    }

    @EventHandler
    void on(PersonalDataErased e) {
        List<String> jobs = jdbc.queryForList(
                "select distinct job_id from import_member_row where ? = any(member_ids)", String.class, e.memberId());
        for (String job : jobs) {
            try {
                files.delete(job);
            } catch (IOException | RuntimeException notDeleted) {
                // The erasure stands; the retention sweep deletes the files later. Ids only in the log.
                log.warn("Import job {}: files not deleted after an erasure: {}", job,
                        notDeleted.getClass().getSimpleName());
            }
        }
    }
}
