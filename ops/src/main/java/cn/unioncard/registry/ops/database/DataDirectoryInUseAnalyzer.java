package cn.unioncard.registry.ops.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A second start on a data directory a live registry owns says so in one line, and touches nothing. */
class DataDirectoryInUseAnalyzer extends AbstractFailureAnalyzer<DataDirectoryLock.InUse> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryLock.InUse cause) {
        return new FailureAnalysis("Another registry is running on the data directory " + cause.dataDir()
                + " (it holds " + DataDirectoryLock.FILE + ").",
                "Stop that registry first, or give this one its own REGISTRY_DATA_DIR.", cause);
    }
}
