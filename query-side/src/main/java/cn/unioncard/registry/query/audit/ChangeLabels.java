package cn.unioncard.registry.query.audit;

import java.util.Map;

/**
 * What each kind of change means, in words for the member who asks who processed their data: a label
 * per event type in both languages, never anything taken from the event itself.
 */
final class ChangeLabels {

    private static final Map<String, String[]> LABELS = Map.ofEntries(
            Map.entry("MemberRegistered", new String[]{"登记入会", "registered as a member"}),
            Map.entry("MemberInfoCorrected", new String[]{"更正会员信息", "member details corrected"}),
            Map.entry("MemberAuthorisationRecorded", new String[]{"登记个人信息授权书", "signed authorisation recorded"}),
            Map.entry("MemberTransferred", new String[]{"转会", "transferred to another union"}),
            Map.entry("MemberWithdrawn", new String[]{"退会", "withdrew from the union"}),
            Map.entry("PersonalDataErased", new String[]{"删除个人信息", "personal data erased"}),
            Map.entry("BatchSubmitted", new String[]{"列入上报批次", "submitted in a batch for review"}),
            Map.entry("BatchApproved", new String[]{"批次审核通过", "batch approved"}),
            Map.entry("BatchPartlyApproved", new String[]{"批次部分审核通过", "batch partly approved"}),
            Map.entry("BatchRejected", new String[]{"批次退回", "batch rejected"}),
            Map.entry("BatchMemberReturned", new String[]{"退回修改", "returned for correction"}),
            Map.entry("BatchHandedToBank", new String[]{"批次名单交银行", "batch list handed to the bank"}),
            Map.entry("BatchMemberErased", new String[]{"从批次中删除", "removed from the batch by erasure"}),
            Map.entry("CardIssued", new String[]{"银行发卡", "card issued by the bank"}),
            Map.entry("QualificationDeclined", new String[]{"借贷合一卡资格未通过，改发借记卡",
                    "credit qualification declined, debit card issued"}),
            Map.entry("CardHandedOut", new String[]{"工会卡发放", "card handed out"}),
            Map.entry("CardActivated", new String[]{"工会卡启用", "card activated"}),
            Map.entry("CardNumberChanged", new String[]{"卡号变更", "card number changed"}),
            Map.entry("CardCancelled", new String[]{"工会卡注销", "card cancelled"}),
            Map.entry("InsuranceCoverEnded", new String[]{"保险保障终止", "insurance cover ended"}),
            Map.entry("CardIssuanceRecorded", new String[]{"登记银行发卡回盘", "bank's issuance return recorded"}),
            Map.entry("ImportRowsProcessed", new String[]{"批量导入", "imported from a spreadsheet"}));

    private ChangeLabels() {
    }

    /** The label of an event type (its simple name); the name itself for a type without one. */
    static String of(String type, boolean english) {
        String[] label = LABELS.get(type);
        return label == null ? type : label[english ? 1 : 0];
    }
}
