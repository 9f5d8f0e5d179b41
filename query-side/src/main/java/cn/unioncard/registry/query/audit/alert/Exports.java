package cn.unioncard.registry.query.audit.alert;

import java.util.List;

/**
 * Which recorded reads are exports (files that leave the registry): every workbook (.xlsx: card application
 * lists, sign-off sheets, reports, access-log sheets), the offline report file, the chain export and the
 * event stream's pages.
 */
final class Exports {

    private static final List<String> FILES = List.of(".xlsx", ".das");
    /** The chain export, and the auditor's stream read page by page (all of it, in the end). */
    private static final List<String> STREAMS = List.of("/api/audit/export", "/api/audit/events");

    private Exports() {
    }

    /** {@code endpoint} as recorded: "GET /api/…" with its path template. */
    static boolean named(String endpoint) {
        if (endpoint == null) {
            return false;
        }
        String path = endpoint.substring(endpoint.indexOf(' ') + 1);
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        return FILES.stream().anyMatch(bare::endsWith) || STREAMS.contains(bare);
    }
}
