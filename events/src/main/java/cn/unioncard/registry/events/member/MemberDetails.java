package cn.unioncard.registry.events.member;

import cn.unioncard.registry.events.privacy.NotPersonal;
import cn.unioncard.registry.events.privacy.PersonalData;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * A member's checked and normalised information (附件1 plus the form header). Codes are stored
 * as the seed numbers them. {@code idExpiry} is null when {@code idLongTerm}; a null
 * {@code socialInsuranceStart} with {@code socialInsured == false} means 未参加. The member's own
 * facts are {@link PersonalData} (encrypted in the event store); the seed's codes stay in clear for
 * statistics.
 */
public record MemberDetails(
        @PersonalData String name,
        @NotPersonal("a code") String idType,
        @PersonalData String idNumber,
        @PersonalData LocalDate idExpiry,
        boolean idLongTerm,
        @NotPersonal("a code") String ethnicGroup,
        @NotPersonal("a code") String politicalStatus,
        @NotPersonal("a code") String education,
        @NotPersonal("a code") String nationality,
        @NotPersonal("a code") String titleLevel,
        @PersonalData String mobile,
        @PersonalData String householdProvince,
        @PersonalData String householdCity,
        @PersonalData String contactAddress,
        @PersonalData YearMonth workStart,
        @PersonalData YearMonth unionJoin,
        @PersonalData YearMonth socialInsuranceStart,
        boolean socialInsured,
        boolean ruralHousehold,
        boolean labourDispatch,
        boolean labourContract,
        @NotPersonal("a code") String occupation,
        @NotPersonal("a code") String cardType,
        @PersonalData String employerName,
        @NotPersonal("the date the form was filled") LocalDate filledOn) {
}
