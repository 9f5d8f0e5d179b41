package cn.unioncard.registry.events.imports;

import cn.unioncard.registry.events.privacy.NotPersonal;

import java.util.List;

/** A chunk of rows was processed (state RUNNING); the counts are this chunk's. */
@NotPersonal("row numbers, results, ids and messages that never quote the input")
public record ImportRowsProcessed(String jobId, int total, int throughRow, int accepted, int rejected,
                                  int duplicates, List<ImportedRow> rows) implements ImportJobEvent {
}
