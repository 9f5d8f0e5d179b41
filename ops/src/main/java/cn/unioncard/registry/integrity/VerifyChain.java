package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.ChainReport;
import cn.unioncard.registry.events.integrity.ChainVerifier;
import cn.unioncard.registry.events.integrity.Checkpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline verifier: recomputes the chain from an exported event stream or straight from a
 * database connection, checks the digest's Ed25519 signature and that the recomputed chain reaches
 * the signed hash. It needs nothing of the running registry. Exit code 0 intact, 1 broken, 2 usage.
 * Usage (see README): {@code --file events.ndjson | --jdbc URL [--user U] [--password P]},
 * {@code --digest digest.json}, optionally {@code --public-key BASE64} (the key you trust; else the
 * digest's own, whose keyId you should compare with the published one).
 */
public final class VerifyChain {

    private VerifyChain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, java.io.PrintStream out) {
        Map<String, String> opts = options(args);
        if (opts == null || opts.get("digest") == null || (opts.get("file") == null) == (opts.get("jdbc") == null)) {
            out.println("usage: VerifyChain (--file events.ndjson | --jdbc URL [--user U] [--password P]) "
                    + "--digest digest.json [--public-key BASE64]");
            return 2;
        }
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode digest = json.readTree(Path.of(opts.get("digest")).toFile());
            byte[] publicKey = Base64.getDecoder().decode(opts.getOrDefault("public-key",
                    digest.path("publicKey").asText()));
            Checkpoint signed = new Checkpoint(digest.path("position").asLong(),
                    Base64.getDecoder().decode(digest.path("hash").asText()),
                    Instant.parse(digest.path("signedAt").asText()),
                    Base64.getDecoder().decode(digest.path("signature").asText()));
            if (!signed.verifies(publicKey)) {
                out.println("BROKEN: the digest's signature does not verify with the public key");
                return 1;
            }
            Map<Long, byte[]> checkpoints = new HashMap<>(Map.of(signed.position(), signed.hash()));
            Outcome outcome = opts.get("file") != null
                    ? fromFile(json, Path.of(opts.get("file")), checkpoints, publicKey)
                    : fromDatabase(opts, checkpoints, publicKey);
            ChainReport report = outcome.report();
            if (!report.intact()) {
                out.printf("BROKEN at position %d: %s — %s (%d events checked before it)%n", report.firstMismatch(),
                        report.kind(), report.detail(), report.eventsChecked());
                return 1;
            }
            if (outcome.lastSealed() < signed.position()) {
                out.printf("BROKEN: the chain ends at %d, before the signed position %d%n", outcome.lastSealed(),
                        signed.position());
                return 1;
            }
            out.printf("INTACT: %d events checked up to position %d; the digest (position %d, key %s) is signed "
                            + "and the recomputed chain reaches its hash%n", report.eventsChecked(), outcome.lastSealed(),
                    signed.position(), digest.path("keyId").asText("?"));
            return 0;
        } catch (IOException | RuntimeException e) {
            out.println("ERROR: " + e.getMessage());
            return 2;
        }
    }

    record Outcome(ChainReport report, long lastSealed) {
    }

    /** The export streamed: parsed on a second thread while this one hashes (see {@link ChainFeed}). */
    private static Outcome fromFile(ObjectMapper json, Path file, Map<Long, byte[]> checkpoints, byte[] publicKey)
            throws IOException {
        for (Checkpoint cp : ExportReader.trailingCheckpoints(json, file, publicKey)) {
            checkpoints.putIfAbsent(cp.position(), cp.hash());
        }
        try (ExportReader export = new ExportReader(json, file); ChainFeed feed = new ChainFeed(export::read)) {
            ChainReport report = ChainVerifier.verify(export.from(), Long.MAX_VALUE, feed.events(), feed.seals(),
                    export.startHash(), checkpoints, id -> {
                        try {
                            return ExportReader.sealedIds(json, file).contains(id);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, export.recordedGaps());
            return new Outcome(report, export.lastSealed());
        }
    }

    private static Outcome fromDatabase(Map<String, String> opts, Map<Long, byte[]> checkpoints, byte[] publicKey) {
        DriverManagerDataSource ds = new DriverManagerDataSource(opts.get("jdbc"), opts.getOrDefault("user", ""),
                opts.getOrDefault("password", ""));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        tx.setReadOnly(true);
        tx.setIsolationLevel(TransactionTemplate.ISOLATION_REPEATABLE_READ);
        return tx.execute(status -> {
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            Long last = jdbc.queryForObject("select coalesce(max(global_index), 0) from event_seal", Long.class);
            ChainReport report = new ChainStore(jdbc).verify(1, Long.MAX_VALUE, publicKey, checkpoints);
            return new Outcome(report, last);
        });
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        Iterator<String> it = List.of(args).iterator();
        while (it.hasNext()) {
            String key = it.next();
            if (!key.startsWith("--") || !it.hasNext()) {
                return null;
            }
            opts.put(key.substring(2), it.next());
        }
        return opts;
    }
}
