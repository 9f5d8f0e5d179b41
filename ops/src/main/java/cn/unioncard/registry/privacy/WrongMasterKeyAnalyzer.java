package cn.unioncard.registry.privacy;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says which key is wrong and where the right one is looked for. */
class WrongMasterKeyAnalyzer extends AbstractFailureAnalyzer<KeyRing.WrongMasterKey> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KeyRing.WrongMasterKey cause) {
        return new FailureAnalysis("The master key does not open the members' data keys stored in this database.",
                "Supply the master key they were made with: REGISTRY_MASTER_KEY, or the file data-master.key in "
                        + "the data directory (restore it from its backup).", cause);
    }
}
