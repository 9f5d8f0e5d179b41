package cn.unioncard.registry.query.statistics;

import cn.unioncard.registry.events.problem.RegistryProblem;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One as-of replay at a time: each reads and decodes the whole store on every core (seconds at
 * 100,000 members), so a second one waits its turn, and past {@code patience} is told to retry (503)
 * rather than piling up and starving the commands.
 */
final class ReplayGate {

    private final Semaphore turn = new Semaphore(1, true);
    private final Duration patience;

    ReplayGate(Duration patience) {
        this.patience = patience;
    }

    <T> T run(Supplier<T> replay) {
        boolean entered;
        try {
            entered = turn.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            entered = false;
        }
        if (!entered) {
            throw new RegistryProblem(RegistryProblem.Kind.BUSY, "另一项历史时点统计正在计算，请稍后再试",
                    "another as-of computation is running; try again shortly");
        }
        try {
            return replay.get();
        } finally {
            turn.release();
        }
    }
}
