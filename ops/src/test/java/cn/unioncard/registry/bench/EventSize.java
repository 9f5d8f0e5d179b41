package cn.unioncard.registry.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** The average stored size of a {@code MemberRegistered} event: its payload bytes in {@code domain_event_entry}. */
final class EventSize implements Scenario {

    @Override
    public String name() {
        return "stored MemberRegistered event";
    }

    @Override
    public void run(Bench bench) throws Exception {
        try (Connection c = DriverManager.getConnection(bench.registry.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*), avg(octet_length(payload)), "
                     + "avg(octet_length(meta_data)) from domain_event_entry where payload_type like '%MemberRegistered'")) {
            rs.next();
            long count = rs.getLong(1);
            double payload = rs.getDouble(2);
            double meta = rs.getDouble(3);
            bench.report(name() + " (" + count + " events)", "payload bytes, avg", payload, "B", "≤ 1,024",
                    count > 0 && payload <= 1024, null);
            bench.report(name() + " (" + count + " events)", "metadata bytes, avg", meta, "B", null, null, null);
        }
    }
}
