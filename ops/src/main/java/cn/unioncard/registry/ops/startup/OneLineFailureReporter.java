package cn.unioncard.registry.ops.startup;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * A start that fails for a known reason (port taken, database unreachable) ends with one line
 * that says what to fix, instead of Boot's banner block or a stack trace.
 */
public class OneLineFailureReporter implements FailureAnalysisReporter {

    @Override
    public void report(FailureAnalysis analysis) {
        String line = "registry did not start: " + flat(analysis.getDescription())
                + (analysis.getAction() == null ? "" : " — " + flat(analysis.getAction()));
        System.err.println(line);
    }

    private static String flat(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
