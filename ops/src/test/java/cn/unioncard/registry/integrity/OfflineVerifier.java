package cn.unioncard.registry.integrity;

import java.io.PrintStream;
import java.nio.file.Path;

/** The offline verifier as an auditor runs it on a file, for tests outside this package. */
public final class OfflineVerifier {

    private OfflineVerifier() {
    }

    /** Its exit code: 0 intact, 1 broken, 2 usage; what it prints goes to {@code out}. */
    public static int run(Path ndjson, Path digest, PrintStream out) {
        return VerifyChain.run(new String[]{"--file", ndjson.toString(), "--digest", digest.toString()}, out);
    }
}
