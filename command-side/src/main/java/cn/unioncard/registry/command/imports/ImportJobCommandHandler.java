package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.CompleteImport;
import cn.unioncard.registry.events.imports.FailImport;
import cn.unioncard.registry.events.imports.RecordImportProgress;
import cn.unioncard.registry.events.imports.StartImport;
import cn.unioncard.registry.events.problem.RegistryProblem;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * The import job's commands. Each keeps the command side's job table in step with the job's events
 * (same transaction), which is what lets the runner resume after a crash.
 */
@Component
class ImportJobCommandHandler {

    private final Repository<ImportJob> jobs;
    private final ImportJobs table;
    private final UnionTree tree;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    ImportJobCommandHandler(Repository<ImportJob> jobs, ImportJobs table, UnionTree tree,
                            ApplicationEventPublisher publisher, Clock clock) {
        this.jobs = jobs;
        this.table = table;
        this.tree = tree;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Answers the job's id (a retry answered from the idempotency store gets the first job's). */
    @CommandHandler
    String handle(StartImport command, MetaData metaData) throws Exception {
        Actor actor = requireActor(metaData);
        ImportAccess.require(tree, actor, command.kind(), command.unionId());
        jobs.newInstance(() -> new ImportJob(command));
        table.queued(command.jobId(), command.kind(), command.unionId(), actor, clock.instant(), command.storeId());
        publisher.publishEvent(new ImportQueued(command.jobId()));
        return command.jobId();
    }

    @CommandHandler
    void handle(RecordImportProgress command, MetaData metaData) {
        requireActor(metaData);
        jobs.load(command.jobId()).execute(job -> job.record(command.total(), command.throughRow(), command.rows()));
        table.progressed(command.jobId(), command.throughRow());
    }

    @CommandHandler
    void handle(CompleteImport command, MetaData metaData) {
        requireActor(metaData);
        jobs.load(command.jobId()).execute(job -> job.complete(clock.instant()));
        table.finished(command.jobId(), ImportJob.State.DONE);
    }

    @CommandHandler
    void handle(FailImport command, MetaData metaData) {
        requireActor(metaData);
        Aggregate<ImportJob> job = jobs.load(command.jobId());
        job.execute(j -> j.fail(command.reasonCode(), clock.instant()));
        table.finished(command.jobId(), ImportJob.State.FAILED);
    }

    private static Actor requireActor(MetaData metaData) {
        Actor actor = AuditMetadata.from(metaData);
        if (actor == null) {
            throw RegistryProblem.forbidden("导入任务须由上传人发起", "an import job acts for its uploader");
        }
        return actor;
    }
}
