package cn.unioncard.registry.bench;

import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.testing.MemberData;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The benchmark: starts the packaged registry in its own process on a fresh data directory, measures
 * the database's own limits on the same server, prepares accounts and a population over the API,
 * runs every {@link Scenario} from this JVM over HTTP, and writes {@code results.json} and
 * {@code results.md}. Sizes come from system properties (see {@link Config}); {@code BenchmarkIT}
 * runs it, with the smoke sizes by default and the full ones under {@code -Pbench}.
 */
final class Bench {

    /**
     * Every scenario, in order. The baselines come first, on the idle server, since every other figure
     * is a ratio to one; the accounts and the population are prepared after them; the cold start is last.
     */
    static final List<Scenario> SCENARIOS = List.of(
            new DatabaseBaseline(),
            new Registrations(),
            new ListPages(),
            new MemberDetail(),
            new ChainVerification(),
            new EventSize(),
            new Imports(),
            new Statistics(),
            new ProjectionReplays(),
            new ColdStart());

    static final String ADMIN_PASSWORD = "Bench-Admin-Pass-1";

    /** The sizes and settings of a run. */
    record Config(String size, Path jar, Path out, List<String> jvmFlags, int writeClients, int readClients,
                  int detailClients, Duration warmup, Duration duration, int unions, int unionMembers, int bigUnion,
                  int seedClients, Duration baselineDuration, int bulkRows, boolean keep, List<Integer> importSizes,
                  List<String> importJvmFlags, List<String> scenarios) {

        /** Whether a scenario runs: the baseline always (every figure is divided by it), others unless left out. */
        boolean runs(Scenario s) {
            return s instanceof DatabaseBaseline || scenarios.isEmpty()
                    || scenarios.contains(s.getClass().getSimpleName());
        }

        static Config fromSystemProperties() {
            boolean full = "full".equals(System.getProperty("bench.size", "smoke"));
            return new Config(full ? "full" : "smoke",
                    Path.of(System.getProperty("bench.jar", "target/ops-0.1.0-SNAPSHOT.jar")),
                    Path.of(System.getProperty("bench.out", "target/bench")),
                    Arrays.asList(System.getProperty("bench.jvmFlags", "-Xms1g -Xmx1g -XX:+UseParallelGC")
                            .trim().split("\\s+")),
                    Integer.getInteger("bench.writeClients", 16),
                    Integer.getInteger("bench.readClients", 32),
                    Integer.getInteger("bench.detailClients", 16),
                    Duration.ofSeconds(Integer.getInteger("bench.warmup", full ? 15 : 1)),
                    Duration.ofSeconds(Integer.getInteger("bench.duration", full ? 60 : 1)),
                    Integer.getInteger("bench.unions", full ? 300 : 2),
                    Integer.getInteger("bench.unionMembers", full ? 1000 : 20),
                    Integer.getInteger("bench.bigUnion", full ? 50_000 : 100),
                    Integer.getInteger("bench.seedClients", full ? 32 : 8),
                    Duration.ofMillis(1000L * Integer.getInteger("bench.baselineSeconds", full ? 10 : 1)),
                    Integer.getInteger("bench.bulkRows", full ? 100_000 : 5_000),
                    Boolean.getBoolean("bench.keep"),
                    Imports.sizes(System.getProperty("bench.importSizes", full ? "10000,100000" : "300")),
                    Arrays.asList(System.getProperty("bench.importJvmFlags", "-Xmx512m -XX:+UseParallelGC")
                            .trim().split("\\s+")),
                    Arrays.stream(System.getProperty("bench.scenarios", "").split(",")).map(String::trim)
                            .filter(n -> !n.isEmpty()).toList());
        }
    }

    final Config config;
    final Path dataDir;
    final Map<String, Double> baselines = new LinkedHashMap<>();
    final List<Figure> figures = new ArrayList<>();
    long errors;
    RegistryProcess registry;
    Http http;
    String admin;
    String districtId;
    String reviewer;
    /** The union the registration scenario writes into, and its operator's token. */
    String writeUnion;
    String writeOperator;
    /** The seeded unions, the big one first; its operator; some of its members' ids. */
    final List<String> unions = new ArrayList<>();
    final Map<String, Integer> unionSizes = new LinkedHashMap<>();
    String bigUnion;
    String bigOperator;
    final List<String> bigMembers = Collections.synchronizedList(new ArrayList<>());
    /** Member numbers already used: every registration is a distinct person. */
    final AtomicLong nextPerson = new AtomicLong(1);

    private Bench(Config config, Path dataDir) {
        this.config = config;
        this.dataDir = dataDir;
    }

    static Bench run(Config config) throws Exception {
        Files.createDirectories(config.out());
        Files.deleteIfExists(config.out().resolve("registry.log"));
        Path dir = Files.createTempDirectory("registry-bench-");
        Bench bench = new Bench(config, dir.resolve("data"));
        long t0 = System.nanoTime();
        try {
            System.out.printf("BENCH %s run: jar %s, JVM flags %s, data in %s%n", config.size(), config.jar(),
                    String.join(" ", config.jvmFlags()), bench.dataDir);
            bench.startRegistry();
            boolean prepared = false;
            for (Scenario s : SCENARIOS) {
                if (!config.runs(s)) {
                    continue;
                }
                if (!prepared && !(s instanceof DatabaseBaseline)) {
                    bench.prepare();
                    prepared = true;
                }
                System.out.printf("BENCH %s … (%.0f s into the run)%n", s.name(), (System.nanoTime() - t0) / 1e9);
                s.run(bench);
            }
        } finally {
            if (bench.registry != null) {
                bench.registry.close();
            }
            if (!config.keep()) {
                deleteQuietly(dir);
            }
        }
        double minutes = (System.nanoTime() - t0) / 60e9;
        bench.write(minutes);
        System.out.printf("BENCH done in %.1f min: %s%n", minutes, config.out().resolve("results.md"));
        return bench;
    }

    void startRegistry() throws Exception {
        startRegistry(config.jar(), config.jvmFlags());
    }

    /** The registry from another jar or with other JVM flags (the cold start with a class archive). */
    void startRegistry(Path jar, List<String> jvmFlags) throws Exception {
        Files.createDirectories(dataDir);
        registry = RegistryProcess.start(jar, dataDir, jvmFlags, ADMIN_PASSWORD, config.out().resolve("registry.log"));
        http = new Http(registry.port());
        System.out.printf("BENCH registry UP on port %d after %.1f s%n", registry.port(), registry.startSeconds());
    }

    void stopRegistry() throws InterruptedException {
        registry.close();
        registry = null;
    }

    /** Accounts and unions as a user creates them, then the seeded population. */
    private void prepare() throws Exception {
        admin = http.login("admin", ADMIN_PASSWORD, ADMIN_PASSWORD + "x");
        String city = http.get("/api/unions?level=CITY", admin).expect(200, "the city").json()
                .path("items").get(0).path("id").asText();
        districtId = http.post("/api/unions", admin, Forms.district(city, "基准测试区总工会"))
                .expect(201, "a district").json().path("unionId").asText();
        var opened = http.post("/api/users", admin, Map.of("username", "bench.reviewer", "displayName", "基准审核员",
                "role", "DISTRICT_REVIEWER", "unionId", districtId)).expect(201, "a reviewer").json();
        reviewer = http.login("bench.reviewer", opened.path("oneTimePassword").asText(), "Bench-Reviewer-1");

        String[] write = grassroots("基准测试登记工会");
        writeUnion = write[0];
        writeOperator = write[1];
        String[] big = grassroots("基准测试大工会");
        bigUnion = big[0];
        bigOperator = big[1];
        unions.add(bigUnion);
        unionSizes.put(bigUnion, config.bigUnion());
        System.out.printf("BENCH creating %d unions …%n", config.unions());
        Load.counted("unions", Math.min(4, config.seedClients()), config.unions(), (c, n) -> {
            var r = http.post("/api/unions", admin, Forms.minimalGrassroots(districtId, "基准测试工会" + n));
            if (r.status() == 201) {
                synchronized (unions) {
                    unions.add(r.json().path("unionId").asText());
                }
            }
            return r.status();
        });
        for (String u : unions) {
            unionSizes.putIfAbsent(u, config.unionMembers());
        }
        seed();
    }

    /** A grassroots union under the district and its operator's token after the password change. */
    String[] grassroots(String name) {
        var g = http.post("/api/unions", admin, Forms.minimalGrassroots(districtId, name)).expect(201, name).json();
        String token = http.login(g.path("operatorUsername").asText(), g.path("oneTimePassword").asText(),
                "Bench-Operator-1");
        return new String[] {g.path("unionId").asText(), token};
    }

    /** Registers the population through the API with many clients, then waits for the lists to show it. */
    private void seed() throws Exception {
        List<String> slots = new ArrayList<>();
        long total = 0;
        for (var e : unionSizes.entrySet()) {
            total += e.getValue();
        }
        // Request n goes to the union whose range holds it: the big union first, then the others.
        String[] owner = unionSizes.keySet().toArray(String[]::new);
        long[] ends = new long[owner.length];
        long sum = 0;
        for (int i = 0; i < owner.length; i++) {
            sum += unionSizes.get(owner[i]);
            ends[i] = sum;
        }
        System.out.printf("BENCH seeding %d members in %d unions with %d clients …%n", total, owner.length,
                config.seedClients());
        long base = nextPerson.getAndAdd(total);
        Stats seeded = Load.counted("seed", config.seedClients(), total, (c, n) -> {
            int i = Arrays.binarySearch(ends, n + 1);
            String union = owner[i >= 0 ? i : -i - 1];
            var r = http.post("/api/unions/" + union + "/members", admin, MemberData.numbered((int) (base + n)).json());
            if (r.status() == 201 && union.equals(bigUnion) && bigMembers.size() < 20_000) {
                bigMembers.add(r.json().path("memberId").asText());
            }
            return r.status();
        });
        System.out.printf("BENCH seeded: %s%n", seeded);
        errors += seeded.errors();
        report("seeding (registrations, admin)", "members/s", seeded.throughput(), "members/s", null, null, null);
        waitForList(bigUnion, config.bigUnion());
        waitForList(unions.get(unions.size() - 1), config.unionMembers());
    }

    void waitForList(String union, long expected) throws InterruptedException {
        waitForList(union, expected, 500);
    }

    /** Polls the union's member list every {@code pollMillis} until its total reaches {@code expected}. */
    void waitForList(String union, long expected, long pollMillis) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (true) {
            var r = http.get("/api/unions/" + union + "/members?size=1", reviewer);
            if (r.status() == 200 && r.json().path("total").asLong() >= expected) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the member list did not catch up: " + r.shortBody());
            }
            Thread.sleep(pollMillis);
        }
    }

    Duration warmup() {
        return config.warmup();
    }

    Duration duration() {
        return config.duration();
    }

    void baseline(String name, double value) {
        baselines.put(name, value);
    }

    double baseline(String name) {
        return baselines.getOrDefault(name, Double.NaN);
    }

    /** Records and prints a figure; {@code baseline} names the baseline its ratio is taken to (or null). */
    Figure report(String scenario, String metric, double value, String unit, String target, Boolean pass,
                  String baseline) {
        Double ratio = baseline == null ? null : value / baseline(baseline);
        Figure f = new Figure(scenario, metric, value, unit, target, pass, baseline, ratio);
        figures.add(f);
        System.out.printf("BENCH %-40s %-22s %12s %-10s%s%s %s%n", scenario, metric, format(value), unit,
                ratio == null ? "" : String.format(" (%.3f × %s)", ratio, baseline),
                target == null ? "" : "  target " + target, f.verdict());
        return f;
    }

    /** Throughput and latency figures of a load run, with the usual targets. */
    void reportLoad(String scenario, Stats s, String baseline, double minRatio, String percentile, double maxMillis) {
        errors += s.errors();
        System.out.printf("BENCH %s: %s%n", scenario, s);
        double ratio = s.throughput() / baseline(baseline);
        report(scenario, "throughput", s.throughput(), "/s", String.format("≥ %.2f × %s", minRatio, baseline),
                ratio >= minRatio, baseline);
        report(scenario, "p50", s.p50(), "ms", null, null, null);
        double p = percentile.equals("p95") ? s.p95() : s.p99();
        report(scenario, percentile, p, "ms", "≤ " + format(maxMillis) + " ms", p <= maxMillis, null);
        if (percentile.equals("p95")) {
            report(scenario, "p99", s.p99(), "ms", null, null, null);
        }
        report(scenario, "errors", s.errors(), "", "0", s.errors() == 0, null);
    }

    private void write(double minutes) throws IOException {
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("size", config.size());
        root.put("minutes", Math.round(minutes * 10) / 10.0);
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("java", System.getProperty("java.version"));
        root.put("jvmFlags", String.join(" ", config.jvmFlags()));
        ObjectNode sizes = root.putObject("sizes");
        sizes.put("writeClients", config.writeClients()).put("readClients", config.readClients())
                .put("detailClients", config.detailClients()).put("warmupSeconds", config.warmup().toSeconds())
                .put("durationSeconds", config.duration().toSeconds()).put("unions", config.unions())
                .put("unionMembers", config.unionMembers()).put("bigUnion", config.bigUnion())
                .put("bulkRows", config.bulkRows()).put("importSizes", config.importSizes().toString())
                .put("importJvmFlags", String.join(" ", config.importJvmFlags()));
        ObjectNode b = root.putObject("baselines");
        baselines.forEach(b::put);
        root.put("errors", errors);
        ArrayNode list = root.putArray("figures");
        for (Figure f : figures) {
            list.add(Http.JSON.valueToTree(f));
        }
        Http.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(config.out().resolve("results.json").toFile(), root);

        StringBuilder md = new StringBuilder();
        md.append(String.format("Run of %s (%s sizes, %.1f min, %d cores, Java %s, `%s`).%n%n", root.get("date").asText(),
                config.size(), minutes, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                String.join(" ", config.jvmFlags())));
        md.append(String.format("Sizes: %d unions of %,d members and one of %,d; %d s warm-up, %d s measured; "
                        + "%d write, %d list and %d detail clients; %,d rows in the multi-row baseline.%n%n",
                config.unions(), config.unionMembers(), config.bigUnion(), config.warmup().toSeconds(),
                config.duration().toSeconds(), config.writeClients(), config.readClients(), config.detailClients(),
                config.bulkRows()));
        md.append("| scenario | figure | value | ratio to baseline | target | |\n|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            md.append(String.format("| %s | %s | %s %s | %s | %s | %s |%n", f.scenario(), f.metric(), format(f.value()),
                    f.unit(), f.ratio() == null ? "" : String.format("%.3f × %s", f.ratio(), f.baseline()),
                    f.target() == null ? "" : f.target(), f.verdict()));
        }
        Files.writeString(config.out().resolve("results.md"), md.toString());
    }

    static String format(double v) {
        if (v >= 100 || v == Math.rint(v)) {
            return String.format("%,.0f", v);
        }
        return String.format(v < 1 ? "%.2f" : "%.1f", v);
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
