package cn.unioncard.registry.events.das;

import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;

/** Why a .das file is refused: one problem code each (field {@code file}), so a client can tell them apart. */
public enum DasRefusal {
    NOT_ZIP("das.not-zip", "不是完整的离线上报文件（.das）：文件不是 ZIP 或已截断",
            "not a complete offline report file (.das): not a ZIP, or truncated"),
    ENTRY_NAME("das.entry-name", "离线上报文件中有不应有的条目", "the offline report file holds an entry it must not"),
    DUPLICATE_ENTRY("das.duplicate-entry", "离线上报文件中有重复的条目", "the offline report file repeats an entry"),
    MISSING_ENTRY("das.missing-entry", "离线上报文件缺少清单、会员数据或签名",
            "the offline report file lacks its manifest, members or signature"),
    TOO_LARGE("das.too-large", "离线上报文件解压后超出限度", "the offline report file is too large once inflated"),
    MANIFEST("das.manifest", "离线上报文件的清单无法读取", "the offline report file's manifest cannot be read"),
    FORMAT_VERSION("das.format-version", "不支持该离线上报文件格式版本", "unknown offline report format version"),
    PAYLOAD_HASH("das.payload-hash", "会员数据与清单中的摘要不符：文件已被改动",
            "the members do not match the manifest's hash: the file was changed"),
    SIGNATURE("das.signature", "签名无效：文件已被改动，或不是用该密钥签名的",
            "the signature does not verify: the file was changed or signed with another key"),
    MEMBER_COUNT("das.member-count", "会员人数与清单不符", "the number of members does not match the manifest"),
    TOO_MANY_MEMBERS("das.too-many-members", "一个离线上报文件最多 5000 名会员",
            "an offline report file holds at most 5,000 members"),
    MEMBER_LINE("das.member-line", "会员数据中有无法读取的行", "a member line cannot be read"),
    UNKNOWN_KEY("das.unknown-key", "签名密钥不属于该工会或不存在", "the signing key is unknown or not this union's"),
    REVOKED_KEY("das.revoked-key", "签名密钥已吊销", "the signing key was revoked");

    private final String code;
    private final String zh;
    private final String en;

    DasRefusal(String code, String zh, String en) {
        this.code = code;
        this.zh = zh;
        this.en = en;
    }

    public String code() {
        return code;
    }

    /** A 400 problem naming {@code file} with this refusal's code. */
    public InvalidInputException problem() {
        return new InvalidInputException(Violation.error("file", code, zh, en));
    }
}
