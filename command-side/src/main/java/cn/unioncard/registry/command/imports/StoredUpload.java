package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.ImportFiles;
import cn.unioncard.registry.events.problem.RegistryProblem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** An uploaded file as stored (encrypted) for its job: its SHA-256, computed while it streamed, and size. */
record StoredUpload(String sha256, long sizeBytes) {

    /** Streams {@code in} into the job's upload part; refuses more than {@code limit} bytes (413). */
    static StoredUpload store(ImportFiles files, String jobId, InputStream in, long limit) throws IOException {
        MessageDigest sha = newDigest();
        long size = 0;
        try (InputStream digesting = new DigestInputStream(in, sha);
             OutputStream out = files.create(jobId, ImportFiles.Part.UPLOAD)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = digesting.read(buffer)) > 0; ) {
                size += n;
                if (size > limit) {
                    throw tooLarge(limit);
                }
                out.write(buffer, 0, n);
            }
        }
        return new StoredUpload(HexFormat.of().formatHex(sha.digest()), size);
    }

    static RegistryProblem tooLarge(long limit) {
        long mb = limit / (1024 * 1024);
        return new RegistryProblem(RegistryProblem.Kind.BODY_TOO_LARGE, "上传的文件不能超过 " + mb + " MB",
                "the uploaded file must not exceed " + mb + " MB");
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
