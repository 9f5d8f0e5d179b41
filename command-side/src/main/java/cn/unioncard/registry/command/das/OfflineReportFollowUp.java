package cn.unioncard.registry.command.das;

import cn.unioncard.registry.command.imports.ImportFollowUp;
import cn.unioncard.registry.command.imports.ImportOutcome;
import cn.unioncard.registry.command.imports.JobLeases;
import cn.unioncard.registry.command.member.MemberFacts;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.batch.SubmitBatch;
import cn.unioncard.registry.events.das.DasFile;
import cn.unioncard.registry.events.das.DasMember;
import cn.unioncard.registry.events.das.RegistryDasKey;
import cn.unioncard.registry.events.imports.ImportFiles;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.events.member.RecordAuthorisation;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * After an offline report's import job: records the authorisation of each member whose row has its date, as
 * checked by the importing reviewer (its scan reference names the file's hash), then submits those the file
 * registered as one batch on the union's behalf, with the file's hash and the reviewer in the command's metadata.
 * A follow-up runs under its job's lease ({@link JobLeases}), so of several registries one only follows a report up,
 * and one whose process died is caught up by another at its next look (every half minute).
 */
@Component
class OfflineReportFollowUp implements ImportFollowUp {

    /** Metadata keys of the batch submission: the file's SHA-256 and who imported it. */
    static final String REPORT = "offline.report";
    static final String IMPORTED_BY = "offline.importedBy";
    private static final Logger log = LoggerFactory.getLogger(OfflineReportFollowUp.class);

    private final OfflineReports reports;
    private final ObjectProvider<ImportFiles> files;
    private final CommandGateway commands;
    private final TransactionTemplate transactions;
    private final EventStore events;
    private final MemberFacts facts;
    private final RegistryDasKey registryKey;
    private final Object catchingUp = new Object();
    private final JobLeases leases;

    OfflineReportFollowUp(OfflineReports reports, ObjectProvider<ImportFiles> files, CommandGateway commands,
                          TransactionTemplate transactions, EventStore events, MemberFacts facts,
                          RegistryDasKey registryKey, JobLeases leases) {
        this.leases = leases;
        this.registryKey = registryKey;
        this.events = events;
        this.facts = facts;
        this.reports = reports;
        this.files = files;
        this.commands = commands;
        this.transactions = transactions;
    }

    @Override
    public void completed(String jobId, Map<Integer, ImportedRow> rows, Actor actor) {
        OfflineReports.Report report = reports.byJob(jobId).orElse(null);
        if (report != null && reports.claim(jobId)) {
            follow(report, rows, actor);
        }
    }

    /** Every half minute: the reports a registry that died (or stopped) left unfinished. */
    @Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT30S")
    void catchUpScheduled() {
        synchronized (catchingUp) {
            catchUpNow();
        }
    }

    /**
     * At start: the reports whose job completed while the registry stopped before their follow-up ran or ended.
     * An interrupted one is taken over (on the claim it had, so one start-up only runs it) and run again: an
     * authorisation recorded already is not recorded again, a batch submitted already is not submitted again.
     */
    @EventListener(ContextRefreshedEvent.class)
    void catchUp() {
        Thread t = new Thread(() -> {
            // One catch-up at a time here: a second one reading while the first runs would see the first's own
            // claim as an interrupted one and take it over (seen under load: a batch submitted twice).
            synchronized (catchingUp) {
                catchUpNow();
            }
        }, "offline-report-catch-up");
        t.setDaemon(true);
        t.start();
    }

    private void catchUpNow() {
        try {
            for (OfflineReports.Report listed : reports.unfinished()) {
                // Its lease held, a report in SUBMITTING is one whose follow-up died with its process or stop.
                // With a data directory each, a report whose upload another process stored is that one's to follow up.
                if (!files.getObject().exists(listed.jobId(), ImportFiles.Part.UPLOAD)) {
                    continue;
                }
                try (JobLeases.Lease lease = leases.tryTake(listed.jobId()).orElse(null)) {
                    OfflineReports.Report report = lease == null ? null : reports.byJob(listed.jobId()).orElse(null);
                    if (report != null) {
                        catchUp(report);
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("Offline reports could not be caught up: {}", e.getClass().getSimpleName());
        }
    }

    private void catchUp(OfflineReports.Report report) {
        ImportOutcome.ifCompleted(events, report.jobId()).ifPresent(done -> {
            if (report.state() == OfflineReports.State.SUBMITTING ? reports.takeOver(report)
                    : report.state() == OfflineReports.State.IMPORTING && reports.claim(report.jobId())) {
                follow(report, done.rows(), done.actor());
            }
        });
    }

    private void follow(OfflineReports.Report report, Map<Integer, ImportedRow> rows, Actor actor) {
        String jobId = report.jobId();
        Map<String, String> metadata = new HashMap<>(AuditMetadata.of(actor));
        metadata.put(REPORT, report.fileSha256());
        metadata.put(IMPORTED_BY, actor.username());
        // A registry-made file holds members the registry has, authorised and in no batch (the upload refused it
        // if any line was no longer an active member): they come back as duplicates of themselves, keep the
        // consent already recorded (none is recorded from the file) and are batched if it is there.
        boolean registryMade = report.keyId().equals(registryKey.keyId());
        try {
            Map<Integer, LocalDate> authorisedOn = authorisedOn(jobId);
            // Only a row with its date has consent: the others are registered, never authorised nor submitted.
            List<ImportedRow> kept = rows.values().stream().filter(r -> r.entityId() != null
                    && (r.result() == RowResult.DUPLICATE || (r.result() == RowResult.ACCEPTED && !registryMade)))
                    .toList();
            List<ImportedRow> consenting = kept.stream().filter(r -> authorisedOn.get(r.row()) != null).toList();
            reports.withoutConsent(jobId, kept.size() - consenting.size());
            // Registered by this file: the batch. Already members with the same data: their consent is recorded
            // unless it is already (recording it again would change their version under an open batch). The facts
            // are read in the transaction that records, whose row locks keep a concurrent recording out.
            List<String> registered = transactions.execute(status -> {
                Map<String, MemberFacts.Fact> known =
                        facts.find(consenting.stream().map(ImportedRow::entityId).toList());
                if (registryMade) {
                    return consenting.stream().filter(r -> r.result() == RowResult.DUPLICATE)
                            .filter(r -> known.get(r.entityId()) != null && known.get(r.entityId()).authorisedOn() != null)
                            .map(ImportedRow::entityId).toList();
                }
                consenting.stream()
                        .filter(r -> known.get(r.entityId()) == null || known.get(r.entityId()).authorisedOn() == null)
                        .forEach(r -> send(new RecordAuthorisation(r.entityId(), authorisedOn.get(r.row()),
                                "offline-report:" + report.fileSha256()), metadata));
                return consenting.stream().filter(r -> r.result() == RowResult.ACCEPTED)
                        .map(ImportedRow::entityId).toList();
            });
            if (registered.isEmpty()) {
                reports.finished(jobId, OfflineReports.State.NONE_ACCEPTED, null);
                return;
            }
            // A run cut short after its submission committed: the batch is there, so the report was submitted.
            if (events.lastSequenceNumberFor(report.batchId()).isEmpty()) {
                send(new SubmitBatch(report.batchId(), report.unionId(), registered, false, null), metadata);
            }
            reports.finished(jobId, OfflineReports.State.SUBMITTED, null);
        } catch (RuntimeException | IOException e) {
            // The class only: a refusal's message could name a member.
            log.warn("Offline report of job {} not submitted as a batch: {}", jobId, e.getClass().getSimpleName());
            reports.finished(jobId, OfflineReports.State.REFUSED, e.getClass().getSimpleName());
        }
    }

    private Map<Integer, LocalDate> authorisedOn(String jobId) throws IOException {
        Map<Integer, LocalDate> on = new HashMap<>();
        try (InputStream in = files.getObject().open(jobId, ImportFiles.Part.UPLOAD)) {
            for (DasMember m : DasFile.open(in.readAllBytes()).members()) {
                if (m.authorisedOn() != null) {
                    on.put(m.row(), m.authorisedOn());
                }
            }
        }
        return on;
    }

    private void send(Object command, Map<String, String> metadata) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }
}
