package cn.unioncard.registry.it.several;

import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.ops.database.DatabaseEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two registries started at the same moment on one fresh database and one fresh data directory: both start,
 * and the first start's work (migrations, the city union, {@code admin}, the keys) is done once. The fresh
 * database is a second database made in the server of a throwaway registry: the simplest PostgreSQL at hand.
 * Both starts meet just before the first-start work, so that they do it at the same moment.
 */
class ConcurrentFirstStartTest {

    /** Holds each start just before its first-start work until the other is there too, so both do it at once. */
    static final CyclicBarrier BOTH_READY = new CyclicBarrier(2);

    /**
     * Added to both registries as a source (not annotated, so the application's component scan of the test
     * classes never finds it): an application runner that runs before FirstStart, which has no order.
     */
    static class MeetBeforeFirstStart {
        @Bean
        ApplicationRunner meet() {
            return new Meeting();
        }
    }

    static final class Meeting implements ApplicationRunner, Ordered {
        @Override
        public void run(ApplicationArguments args) throws Exception {
            BOTH_READY.await(2, TimeUnit.MINUTES);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    @Test
    void two_registries_starting_at_once_on_a_fresh_database_make_one_city_union_and_one_admin() throws Exception {
        Path shared = RunningRegistry.newDataDir();
        List<RunningRegistry> started = new ArrayList<>();
        try (RunningRegistry server = RunningRegistry.startFresh()) {
            DatabaseEndpoint db = server.context().getBean(DatabaseEndpoint.class);
            JdbcTemplate su = server.jdbc();
            su.execute("create database registry_fresh encoding 'UTF8' template template0");
            su.execute("grant connect on database registry_fresh to " + db.user());
            String url = db.url().substring(0, db.url().lastIndexOf('/') + 1) + "registry_fresh";
            try {
                Callable<RunningRegistry> start = () -> RunningRegistry.startOnWith(shared,
                        List.of(MeetBeforeFirstStart.class), Instances.on(server, url));
                started.addAll(Instances.atOnce(List.of(start, start)));

                JdbcTemplate fresh = new JdbcTemplate(new DriverManagerDataSource(
                        url, db.ownerUser(), db.ownerPassword()));
                assertThat(fresh.queryForObject("select count(*) from union_lookup where level = 'CITY'",
                        Integer.class)).isEqualTo(1);
                assertThat(fresh.queryForObject("select count(*) from account_credential where username = ?",
                        Integer.class, ADMIN)).isEqualTo(1);
                for (RunningRegistry r : started) {
                    assertThat(r.api().token(ADMIN, ADMIN_PASSWORD).status()).as("admin logs in on each")
                            .isEqualTo(200);
                }
            } finally {
                started.forEach(RunningRegistry::close);
            }
        } finally {
            RunningRegistry.deleteQuietly(shared);
        }
    }
}
