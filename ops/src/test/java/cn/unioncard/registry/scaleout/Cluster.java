package cn.unioncard.registry.scaleout;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.MachinePostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * N registry processes on one database, as README "Several processes" deploys them: the DBA's roles
 * and database, one set of keys given to every process through its environment, a data directory
 * each. {@link #at(int)} is a round-robin balancer's choice among the processes still alive.
 */
final class Cluster implements AutoCloseable {

    static final String APP_ROLE = "registry_app";
    static final String OWNER_ROLE = "registry_owner";

    private final MachinePostgres pg;
    private final List<JarProcess> processes;

    private Cluster(MachinePostgres pg, List<JarProcess> processes) {
        this.pg = pg;
        this.processes = processes;
    }

    static Cluster start(MachinePostgres pg, int count, Path jar, Path out) throws Exception {
        Files.createDirectories(out);
        // What README "Production: an existing PostgreSQL" has the DBA run, passwords required of the two roles.
        pg.psql("postgres", MachinePostgres.repoFile("docs/external-database.sql"),
                Map.of("owner_password", "owner-secret", "app_password", "app-secret"));
        pg.requirePasswords();
        Map<String, String> env = sharedEnvironment(pg);
        List<JarProcess> started = new ArrayList<>();
        // The first alone: it migrates the schema and makes the city union and the admin.
        started.add(JarProcess.start("p1", jar, withDataDir(env, out.resolve("p1")), out.resolve("p1.log")));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, count - 1));
        try {
            List<Future<JarProcess>> rest = new ArrayList<>();
            for (int i = 2; i <= count; i++) {
                String name = "p" + i;
                rest.add(pool.submit(() -> JarProcess.start(name, jar, withDataDir(env, out.resolve(name)),
                        out.resolve(name + ".log"))));
            }
            for (Future<JarProcess> f : rest) {
                started.add(f.get());
            }
        } catch (Exception e) {
            for (JarProcess p : started) {
                p.kill();
            }
            throw e;
        } finally {
            pool.shutdown();
        }
        return new Cluster(pg, started);
    }

    /** Everything but the data directory is the same for every process, keys included. */
    private static Map<String, String> sharedEnvironment(MachinePostgres pg) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("REGISTRY_DB_URL", pg.url("registry"));
        env.put("REGISTRY_DB_USER", APP_ROLE);
        env.put("REGISTRY_DB_PASSWORD", "app-secret");
        env.put("REGISTRY_DB_OWNER_USER", OWNER_ROLE);
        env.put("REGISTRY_DB_OWNER_PASSWORD", "owner-secret");
        env.put("REGISTRY_MASTER_KEY", randomKey());
        env.put("REGISTRY_ID_INDEX_KEY", randomKey());
        env.put("REGISTRY_JWT_SECRET", randomKey());
        KeyPair chain = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        env.put("REGISTRY_CHAIN_SIGNING_KEY", Base64.getEncoder().encodeToString(chain.getPrivate().getEncoded())
                + " " + Base64.getEncoder().encodeToString(chain.getPublic().getEncoded()));
        env.put("REGISTRY_ADMIN_PASSWORD", ScaleOutIT.ADMIN_PASSWORD);
        env.put("REGISTRY_TOKEN_TTL", "PT6H");
        return env;
    }

    private static Map<String, String> withDataDir(Map<String, String> env, Path dir) throws Exception {
        Files.createDirectories(dir);
        Map<String, String> own = new HashMap<>(env);
        own.put("REGISTRY_DATA_DIR", dir.toAbsolutePath().toString());
        return own;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    int size() {
        return processes.size();
    }

    /** The {@code i}th call's process, round robin over those alive. */
    Api at(int i) {
        List<JarProcess> alive = alive();
        return alive.get(Math.floorMod(i, alive.size())).api();
    }

    List<JarProcess> alive() {
        return processes.stream().filter(JarProcess::alive).toList();
    }

    JarProcess process(int i) {
        return processes.get(i);
    }

    MachinePostgres database() {
        return pg;
    }

    /** Owner → how many of the group's segments it has claimed now. */
    Map<String, Integer> owners(String group) {
        return Sql.rows(pg, "select owner from token_entry where processor_name = ? and owner is not null", group)
                .stream().collect(Collectors.toMap(r -> r.get(0), r -> 1, Integer::sum));
    }

    @Override
    public void close() throws InterruptedException {
        for (JarProcess p : processes) {
            p.close();
        }
    }
}
