package cn.unioncard.registry.command.imports;

/** A Spring application event: a job was queued; the runner looks for work once it is committed. */
record ImportQueued(String jobId) {
}
