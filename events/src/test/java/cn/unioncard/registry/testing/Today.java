package cn.unioncard.registry.testing;

import java.time.LocalDate;
import java.time.ZoneId;

/** Today as the registry counts days, in Xiamen, whatever the zone of the machine running the tests. */
public final class Today {

    public static final ZoneId XIAMEN = ZoneId.of("Asia/Shanghai");

    private Today() {
    }

    public static LocalDate inXiamen() {
        return LocalDate.now(XIAMEN);
    }
}
