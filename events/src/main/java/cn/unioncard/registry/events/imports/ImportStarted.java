package cn.unioncard.registry.events.imports;

import cn.unioncard.registry.events.privacy.NotPersonal;

/** A file was accepted for import (state QUEUED); the actor who uploaded it is in the metadata. */
@NotPersonal("a job, a union, the uploaded file's name, hash and size")
public record ImportStarted(String jobId, ImportKind kind, String unionId, String fileName, String fileSha256,
                            long sizeBytes) implements ImportJobEvent {
}
