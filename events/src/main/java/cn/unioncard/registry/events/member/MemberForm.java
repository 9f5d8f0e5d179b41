package cn.unioncard.registry.events.member;

/**
 * The member form (附件1 工会会员信息采集表) as typed or imported: raw text, checked by
 * {@link MemberFormValidator}. On a correction only the fields to change are given (others null).
 * Dates are {@code yyyy-MM-dd}; year-months {@code yyyy-MM} (or 2010年5月, 201005 …);
 * {@code idExpiry} may be 长期 / long-term, {@code socialInsuranceStart} 未参加 / not-insured.
 */
public record MemberForm(
        String name,
        String idType,
        String idNumber,
        String idExpiry,
        String ethnicGroup,
        String politicalStatus,
        String education,
        String nationality,
        String titleLevel,
        String mobile,
        String householdProvince,
        String householdCity,
        String contactAddress,
        String workStart,
        String unionJoin,
        String socialInsuranceStart,
        Boolean ruralHousehold,
        Boolean labourDispatch,
        Boolean labourContract,
        String occupation,
        String cardType,
        String employerName,
        String filledOn) {
}
