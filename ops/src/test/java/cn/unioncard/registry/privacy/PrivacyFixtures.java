package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberRegistered;
import cn.unioncard.registry.it.Bytes;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/** A member's details as a clerk filled them in, and how to look for them in stored bytes. */
final class PrivacyFixtures {

    static final String NAME = "欧阳晓岚";
    static final String ID_NUMBER = "350203199205173528";
    static final String MOBILE = "13959201734";
    static final String ADDRESS = "思明区莲前西路二号八幢";
    static final String EMPLOYER = "厦门鹭江数据服务有限公司";

    private PrivacyFixtures() {
    }

    static MemberDetails details() {
        return new MemberDetails(NAME, "1", ID_NUMBER, LocalDate.of(2031, 5, 17), false, "01", "13", "21", "156",
                "4", MOBILE, "福建省", "厦门市", ADDRESS, YearMonth.of(2014, 7), YearMonth.of(2015, 3),
                YearMonth.of(2014, 8), true, false, false, true, "2", "1", EMPLOYER, LocalDate.of(2026, 11, 2));
    }

    static MemberRegistered registered(String memberId) {
        return new MemberRegistered(memberId, "union-1", details(), false, List.of("id.expiry-soon"));
    }

    static List<String> secrets() {
        return List.of(NAME, ID_NUMBER, MOBILE, ADDRESS, EMPLOYER);
    }

    /** Whether {@code bytes} hold {@code text} as UTF-8 or UTF-16 (either byte order). */
    static boolean holds(byte[] bytes, String text) {
        for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
            if (Bytes.contains(bytes, text.getBytes(charset))) {
                return true;
            }
        }
        return false;
    }
}
