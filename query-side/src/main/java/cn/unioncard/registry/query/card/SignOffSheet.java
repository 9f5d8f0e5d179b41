package cn.unioncard.registry.query.card;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Collator;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The 工会卡领取签收单 of a batch: one line per live card issued for it (holder's name, masked ID number, the
 * card number's tail), in Chinese collation of the names, then member id. Its hash binds the batch's content
 * hash and every line's member and card, so a stamp across the pages binds a known document.
 */
record SignOffSheet(String unionName, String systemCode, String batchId, String batchHash, List<Line> lines) {

    static final String TITLE = "工会卡领取签收单";
    static final List<String> HEADINGS = List.of("序号", "姓名", "身份证号", "卡号", "签名", "日期");
    /** What the sheet shows of each member, as the access record names it. */
    static final List<String> FIELDS = List.of("name", "idNumber", "cardNumber");
    /** The bank signs for the signed sheet it receives from the union. */
    static final String BANK_RECEIPT = "经办银行签收：＿＿＿＿＿＿＿＿＿＿　　　　日期：＿＿＿＿年＿＿月＿＿日";
    static final String UNION_LINE = "工会经办人签字：＿＿＿＿＿＿＿＿＿＿　　　　工会盖章：　　　　　　　　　　　　";

    /** {@code cardTail}: the masked number's last four digits as printed, e.g. {@code **** 1234}. */
    record Line(String memberId, String cardId, String name, String maskedIdNumber, String cardTail) {
    }

    SignOffSheet {
        Collator chinese = Collator.getInstance(Locale.CHINA);
        lines = lines.stream().sorted(Comparator.comparing((Line l) -> l.name(), chinese)
                .thenComparing(Line::memberId)).toList();
    }

    /** The tail form of a masked number: only its last four digits; an erased number stays 已删除. */
    static String tail(String masked) {
        if (masked == null || masked.length() < 4 || !masked.substring(masked.length() - 4).chars().allMatch(Character::isDigit)) {
            return masked;
        }
        return "**** " + masked.substring(masked.length() - 4);
    }

    /** The first 12 hex digits of SHA-256 over the batch's content hash and each line's member and card. */
    String hashPrefix() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(batchHash.getBytes(StandardCharsets.UTF_8));
            lines.stream().sorted(Comparator.comparing(Line::memberId)).forEach(l ->
                    sha.update(("\n" + l.memberId() + ":" + l.cardId()).getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String footer() {
        return "第 &P 页 共 &N 页 · 批次 " + PrintedList.literal(batchId) + " · " + hashPrefix();
    }

    byte[] workbook() {
        PrintedList list = new PrintedList(TITLE, 6, 12, 22, 20, 18, 14)
                .title(TITLE)
                .line("工会名称：" + unionName + "　　系统编码：" + (systemCode == null ? "" : systemCode))
                .line("批次：" + batchId + "　　人数：" + lines.size())
                .headings(HEADINGS);
        int n = 0;
        for (Line l : lines) {
            list.row(30, Arrays.asList(Integer.toString(++n), l.name(), l.maskedIdNumber(), l.cardTail()), 0, 3);
        }
        return list.gap()
                .line("会员本人领取工会卡时，在卡背面签名条签名，并在本单签名、填写日期。")
                .signatureLine(UNION_LINE)
                .signatureLine(BANK_RECEIPT)
                .bytes(false, footer());
    }
}
