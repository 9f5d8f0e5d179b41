package cn.unioncard.registry.command.card;

import cn.unioncard.registry.events.card.CardIssuanceRecorded;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** What one bank return for a batch came to, row by row: recorded once, read by the run's report. */
@Aggregate
class IssuanceRun {

    @AggregateIdentifier
    private String runId;

    IssuanceRun() {
        // for Axon's event sourcing
    }

    IssuanceRun(CardIssuanceRecorded recorded) {
        apply(recorded);
    }

    @EventSourcingHandler
    void on(CardIssuanceRecorded event) {
        runId = event.runId();
    }
}
