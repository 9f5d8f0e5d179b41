package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.ImportFiles;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one background worker that runs import jobs, one at a time, oldest first. It looks for work
 * when a job's start commits, every few seconds, and at start-up, when it resumes what a stop or a
 * crash interrupted. Stopping interrupts the job between chunks' transactions; it resumes later.
 * A job runs under its lease ({@link JobLeases}): of several registries sharing the store, one runs it,
 * and when that one dies another resumes it from its last committed chunk at its next look.
 */
@Component
class ImportRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
    /** A job that fails this often for reasons other than its file is failed rather than retried forever. */
    static final int ATTEMPTS = 3;

    private final ImportJobs jobs;
    private final ObjectProvider<ImportFiles> files;
    private final CommandGateway commands;
    private final TransactionTemplate transactions;
    private final EventStore events;
    private final ImportLimits limits;
    private final Clock clock;
    private final ObjectProvider<ImportFollowUp> followUps;
    private final JobLeases leases;
    private final AtomicBoolean lookPending = new AtomicBoolean();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService worker;

    ImportRunner(ImportJobs jobs, ObjectProvider<ImportFiles> files, CommandGateway commands,
                 TransactionTemplate transactions, EventStore events, ImportLimits limits, Clock clock,
                 ObjectProvider<ImportFollowUp> followUps, JobLeases leases) {
        this.followUps = followUps;
        this.leases = leases;
        this.jobs = jobs;
        this.files = files;
        this.commands = commands;
        this.transactions = transactions;
        this.events = events;
        this.limits = limits;
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(ImportQueued queued) {
        lookForWork();
    }

    /** At most one look waits in the queue: it takes every job there is by then. */
    void lookForWork() {
        ScheduledExecutorService w = worker;
        if (w != null && lookPending.compareAndSet(false, true)) {
            w.execute(this::drain);
        }
    }

    private void drain() {
        lookPending.set(false);
        ImportFiles store = files.getIfAvailable();
        if (store == null) {
            return;
        }
        try {
            for (ImportJobs.Unfinished job : jobs.unfinished(store.storeId())) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                leased(job.jobId(), store);
            }
        } catch (RuntimeException e) {
            log.warn("Import runner could not list its jobs: {}", e.getClass().getSimpleName());
        }
    }

    /** Runs the job if no one else does, as it stands now that it is ours (another may have moved it on). */
    private void leased(String jobId, ImportFiles store) {
        try (JobLeases.Lease lease = leases.tryTake(jobId).orElse(null)) {
            if (lease != null) {
                jobs.unfinished(store.storeId(), jobId).ifPresent(job -> run(job, store));
            }
        }
    }

    private void run(ImportJobs.Unfinished job, ImportFiles store) {
        try {
            long t0 = System.nanoTime();
            log.info("Import job {} ({}) running from row {}", job.jobId(), job.kind(), job.throughRow() + 1);
            new JobRunner(job, store, commands, transactions, events, limits.chunkSize(), clock)
                    .followedBy(followUps.orderedStream().toList(), limits.maxUploadBytes()).run();
            failures.remove(job.jobId());
            log.info("Import job {} ended after {} ms", job.jobId(), (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException | Error e) { // an Error too (out of memory): else the job would be retried for ever
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            int attempts = failures.merge(job.jobId(), 1, Integer::sum);
            // The class only: a message could quote a cell.
            log.warn("Import job {} stopped (attempt {}): {}", job.jobId(), attempts, e.getClass().getSimpleName());
            if (attempts >= ATTEMPTS) {
                failures.remove(job.jobId());
                try {
                    JobRunner.fail(commands, job, "internal-error");
                } catch (RuntimeException notFailed) { // ended meanwhile (another instance): the next job still runs
                    log.warn("Import job {} could not be marked failed: {}", job.jobId(),
                            notFailed.getClass().getSimpleName());
                }
            }
        }
    }

    @Override
    public void start() {
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "import-runner");
            t.setDaemon(true);
            return t;
        });
        w.setRemoveOnCancelPolicy(true);
        worker = w;
        w.scheduleWithFixedDelay(this::lookForWork, 0, 5, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService w = worker;
        worker = null;
        if (w != null) {
            w.shutdownNow();
            try {
                w.awaitTermination(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
