package cn.unioncard.registry.scaleout;

import cn.unioncard.registry.it.MachinePostgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads the registry's database as the DBA would, every value as text. */
final class Sql {

    private Sql() {
    }

    static List<List<String>> rows(MachinePostgres pg, String sql, Object... params) {
        try (Connection c = pg.superuser("registry"); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static String one(MachinePostgres pg, String sql, Object... params) {
        return rows(pg, sql, params).get(0).get(0);
    }
}
