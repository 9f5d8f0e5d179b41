package cn.unioncard.registry.integrity;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** An upgrade that found the chain already broken says where, instead of Flyway's "Migration failed". */
class BrokenBeforeRebaseAnalyzer extends AbstractFailureAnalyzer<ChainRebase.BrokenBeforeRebase> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ChainRebase.BrokenBeforeRebase cause) {
        return new FailureAnalysis("The upgrade stopped before changing anything: " + cause.getMessage() + ".",
                "Find out who changed the event store (VerifyChain --jdbc … --digest <last published digest>), "
                        + "restore it from a backup that verifies, and start again.", cause);
    }
}
