package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.imports.ImportedRow;

import java.util.Map;

/**
 * Work that follows a completed import job, outside its transactions: an offline report's authorisations
 * and batch (command.das). Each follow-up decides from the job id whether the job is its own.
 */
public interface ImportFollowUp {

    /** The job is DONE; {@code rows} holds every row's outcome by row number; {@code actor} is the uploader. */
    void completed(String jobId, Map<Integer, ImportedRow> rows, Actor actor);
}
