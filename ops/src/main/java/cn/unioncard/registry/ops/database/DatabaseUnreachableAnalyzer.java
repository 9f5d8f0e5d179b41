package cn.unioncard.registry.ops.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.net.ConnectException;
import java.sql.SQLException;

/** Turns "cannot reach the database" into a sentence that says what to fix. */
class DatabaseUnreachableAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        String state = cause.getSQLState() == null ? "" : cause.getSQLState();
        boolean connection = state.startsWith("08") || findCause(rootFailure, ConnectException.class) != null;
        boolean auth = state.equals("28P01") || state.equals("28000");
        boolean missingDb = state.equals("3D000");
        if (!connection && !auth && !missingDb) {
            return null;
        }
        String what = auth ? "the database refused the user name or password"
                : missingDb ? "the database named in REGISTRY_DB_URL does not exist"
                : "the database cannot be reached";
        return new FailureAnalysis(Character.toUpperCase(what.charAt(0)) + what.substring(1) + ".",
                "Check REGISTRY_DB_URL, REGISTRY_DB_USER and REGISTRY_DB_PASSWORD, or unset REGISTRY_DB_URL to use "
                        + "the embedded database.", cause);
    }
}
