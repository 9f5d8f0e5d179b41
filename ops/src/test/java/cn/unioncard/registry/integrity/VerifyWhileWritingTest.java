package cn.unioncard.registry.integrity;

import cn.unioncard.registry.integrity.ChainSupport.Union;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.testing.MemberData;
import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static cn.unioncard.registry.integrity.ChainSupport.assertSealsMatchRecomputedChain;
import static cn.unioncard.registry.integrity.ChainSupport.awaitSealed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verifying a live registry: while events are appended and sealed concurrently, every report of
 * an untouched store must say intact (an auditor may verify at any time), and afterwards every
 * stored event must be sealed, none declared a gap. The sealer runs every millisecond here
 * (registry.chain.seal-interval=1) so that races between sealing, appending and verifying show up
 * within one run instead of once in a while.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyWhileWritingTest {

    private static final int WRITERS = 6;
    private static final int READS_PER_WRITER = 250;

    private RunningRegistry registry;
    private Api api;
    private JdbcTemplate jdbc;
    private String admin;
    private Union union;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh("registry.chain.seal-interval=1");
        api = registry.api();
        jdbc = registry.tamperingJdbc();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        union = ChainSupport.grassroots(api, admin, "湖里区总工会", "厦门湖里港务有限公司工会", "Operator-Password-V1");
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void verifyDuringConcurrentAppendsNeverReportsAnUntouchedStoreBroken() throws Exception {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Response created = api.post("/api/unions/" + union.id() + "/members", union.operatorToken(),
                    MemberData.numbered(500 + i).json());
            assertThat(created.status()).as("%s", created).isEqualTo(201);
            members.add(created.json().path("memberId").asText());
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        List<JsonNode> broken = new ArrayList<>();
        int verifications = 0;
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < WRITERS; t++) {
                writers.add(pool.submit(() -> {
                    for (int r = 0; r < READS_PER_WRITER; r++) {
                        Response read = api.get("/api/members/" + members.get(r % members.size()), admin);
                        assertThat(read.status()).as("%s", read).isEqualTo(200);
                    }
                    return null;
                }));
            }
            Future<int[]> verifier = pool.submit(() -> {
                int n = 0;
                while (writing.get()) {
                    JsonNode report = ChainSupport.verify(api, admin, "");
                    n++;
                    if (!report.path("intact").asBoolean()) {
                        synchronized (broken) {
                            broken.add(report);
                        }
                    }
                }
                return new int[]{n};
            });
            for (Future<?> w : writers) {
                w.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);
            verifications = verifier.get(1, TimeUnit.MINUTES)[0];
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        awaitSealed(jdbc, 30_000);
        assertThat(verifications).as("verifications run while writing").isPositive();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(broken).as("reports of %d verifications during writes that were not intact", verifications)
                .isEmpty();
        List<Map<String, Object>> skipped = jdbc.queryForList("select d.global_index, d.payload_type, d.time_stamp, "
                + "g.declared_at from domain_event_entry d join event_gap g on g.global_index = d.global_index");
        soft.assertThat(skipped).as("stored events the sealer declared never committed (gaps)").isEmpty();
        JsonNode after = ChainSupport.verify(api, admin, "");
        soft.assertThat(after.path("intact").asBoolean()).as("verify after the writes: %s", after).isTrue();
        soft.assertAll();
        assertSealsMatchRecomputedChain(jdbc);
    }
}
