package cn.unioncard.registry.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark, run by failsafe after {@code package} against the packaged jar: with the smoke
 * sizes in every {@code ./mvnw verify} (so it cannot rot), with the full ones under {@code -Pbench}.
 * It asserts that every scenario produced a sane figure, never a timing.
 */
class BenchmarkIT {

    @Test
    void everyScenarioProducesSaneFigures() throws Exception {
        Bench bench = Bench.run(Bench.Config.fromSystemProperties());

        assertThat(bench.errors).as("failed requests or checks").isZero();
        assertThat(bench.figures).isNotEmpty();
        for (Figure f : bench.figures) {
            assertThat(f.value()).as("%s %s", f.scenario(), f.metric()).isFinite().isGreaterThanOrEqualTo(0);
            if (f.unit().endsWith("/s") || f.unit().equals("B") || f.unit().equals("MB") || f.unit().equals("s")) {
                assertThat(f.value()).as("%s %s", f.scenario(), f.metric()).isPositive();
            }
        }
        for (Scenario s : Bench.SCENARIOS.stream().filter(bench.config::runs).toList()) {
            assertThat(bench.figures).as("figures of %s", s.name())
                    .anyMatch(f -> f.scenario().startsWith(s.name()));
        }
        assertThat(bench.baselines).hasSizeGreaterThanOrEqualTo(3).allSatisfy((name, v) -> assertThat(v).isPositive());
        assertThat(Files.size(bench.config.out().resolve("results.json"))).isPositive();
        assertThat(Files.size(bench.config.out().resolve("results.md"))).isPositive();
    }
}
