package cn.unioncard.registry.query.statistics;

import cn.unioncard.registry.events.problem.RegistryProblem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayGateTest {

    @Test
    void a_second_replay_waits_its_turn_and_past_its_patience_is_told_to_retry() throws Exception {
        ReplayGate gate = new ReplayGate(Duration.ofMillis(200));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> gate.run(() -> {
            running.countDown();
            await(finish);
            return "first";
        }));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> gate.run(() -> "second")).isInstanceOfSatisfying(RegistryProblem.class,
                p -> assertThat(p.kind()).isEqualTo(RegistryProblem.Kind.BUSY));

        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> gate.run(() -> "third"));
        finish.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(waiting.get(5, TimeUnit.SECONDS)).as("a caller arriving while one runs gets its turn").isEqualTo("third");
        assertThat(gate.run(() -> "after")).as("a finished replay gives its turn back").isEqualTo("after");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
