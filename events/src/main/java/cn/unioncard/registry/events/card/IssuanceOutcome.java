package cn.unioncard.registry.events.card;

/** Each row's outcome in a card issuance run, with what the report says about it in both languages. */
public enum IssuanceOutcome {
    ISSUED("已发卡", "card issued"),
    MISSING_FIELDS("身份证号、姓名和卡号均为必填", "the ID number, name and card number are all required"),
    NOT_IN_BATCH("该身份证号不在此批次中", "no member of this batch has this ID number"),
    NAME_MISMATCH("姓名与该批次中此身份证号的会员不符", "the name is not that of the batch's member with this ID number"),
    BAD_CARD_NUMBER("卡号应为16至19位数字", "a card number must be 16 to 19 digits"),
    BAD_CHECK_DIGIT("卡号校验位不正确", "the card number's check digit is wrong"),
    BAD_CARD_TYPE("办卡类型应为 1 借记卡 或 2 借贷合一卡", "the card type must be 1 debit or 2 debit-credit"),
    CARD_TYPE_NOT_APPLIED("会员申请的是借记卡，不能发借贷合一卡",
            "the member applied for a debit card and cannot be issued a debit-credit card"),
    NUMBER_TAKEN("该卡号已登记（本文件前面的行或其他会员），卡号不能重复使用",
            "this card number is already recorded (an earlier row or another member); numbers are never reused"),
    ALREADY_HOLDS_CARD("该会员已有一张在用的工会卡", "this member already holds a live union card"),
    MEMBER_NOT_ACTIVE("该会员已离会或个人信息已删除", "this member has left the union or was erased");

    private final String zh;
    private final String en;

    IssuanceOutcome(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }
}
