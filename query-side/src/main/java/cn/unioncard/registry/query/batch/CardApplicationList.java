package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.events.member.MemberDetails;

import java.text.Collator;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The content of a 批量办理借记卡明细清单: the heading facts and one line per approved member, in the
 * order the bank files them (by name in Chinese collation, then member id, so the order is total).
 */
record CardApplicationList(String unionName, String systemCode, String batchId, LocalDate approvedOn,
                           String reviewerUnionName, String contentHash, List<Line> lines) {

    /** One applicant: the member's details and whether the bank must review a debit-credit card. */
    record Line(String memberId, MemberDetails details, boolean debitCredit) {
    }

    CardApplicationList {
        // A Collator is not thread-safe: one per list.
        Collator chinese = Collator.getInstance(Locale.CHINA);
        lines = lines.stream().sorted(Comparator.comparing((Line l) -> l.details().name(), chinese)
                .thenComparing(Line::memberId)).toList();
    }

    /** The hash prefix the footer prints, so a stamp across pages binds a known document. */
    String hashPrefix() {
        return contentHash.substring(0, Math.min(12, contentHash.length()));
    }
}
