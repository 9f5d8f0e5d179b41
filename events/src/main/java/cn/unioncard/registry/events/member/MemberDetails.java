package cn.unioncard.registry.events.member;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * A member's checked and normalised information (附件1 plus the form header). Codes are stored
 * as the seed numbers them. {@code idExpiry} is null when {@code idLongTerm}; a null
 * {@code socialInsuranceStart} with {@code socialInsured == false} means 未参加.
 */
public record MemberDetails(
        String name,
        String idType,
        String idNumber,
        LocalDate idExpiry,
        boolean idLongTerm,
        String ethnicGroup,
        String politicalStatus,
        String education,
        String nationality,
        String titleLevel,
        String mobile,
        String householdProvince,
        String householdCity,
        String contactAddress,
        YearMonth workStart,
        YearMonth unionJoin,
        YearMonth socialInsuranceStart,
        boolean socialInsured,
        boolean ruralHousehold,
        boolean labourDispatch,
        boolean labourContract,
        String occupation,
        String cardType,
        String employerName,
        LocalDate filledOn) {
}
