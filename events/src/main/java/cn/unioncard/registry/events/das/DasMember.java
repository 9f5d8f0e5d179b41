package cn.unioncard.registry.events.das;

import java.time.LocalDate;
import java.util.Map;

/**
 * One member line of a .das file: the template row it came from, the day the union received the
 * member's signed authorisation, and the cells as the import reads them (keys: {@code MemberSheet.COLUMNS}'
 * fields; an empty cell is absent).
 */
public record DasMember(int row, LocalDate authorisedOn, Map<String, String> cells) {

    public DasMember {
        cells = Map.copyOf(cells);
    }
}
