package cn.unioncard.registry.events.member;

import cn.unioncard.registry.events.privacy.PersonalFields;

/**
 * How personal values look in lists and masked details (docs/design.md §4): an 18-character ID keeps
 * its region and last four ({@code 350203********1234}), a mobile its first three and last four
 * ({@code 138****5678}); anything else keeps at most its last four and never more than half.
 * An erased value shows as erased: there is nothing left to mask.
 */
public final class Masking {

    private Masking() {
    }

    public static String idNumber(String id) {
        if (id == null || PersonalFields.isErased(id)) {
            return id;
        }
        if (id.length() == 18) {
            return id.substring(0, 6) + "*".repeat(8) + id.substring(14);
        }
        return tail(id);
    }

    public static String mobile(String mobile) {
        if (mobile == null || PersonalFields.isErased(mobile)) {
            return mobile;
        }
        if (mobile.length() == 11) {
            return mobile.substring(0, 3) + "****" + mobile.substring(7);
        }
        return tail(mobile);
    }

    /**
     * A bank card number keeps its first four (the bank's prefix) and last four digits, grouped as printed:
     * {@code 6222 **** **** 1234}, whatever its length (16 to 19 digits).
     */
    public static String cardNumber(String number) {
        if (number == null || PersonalFields.isErased(number)) {
            return number;
        }
        if (number.length() < 12) {
            return tail(number);
        }
        return number.substring(0, 4) + " **** **** " + number.substring(number.length() - 4);
    }

    /** An address keeps its first few characters (the district, usually), never half or more. */
    public static String address(String address) {
        if (address == null || PersonalFields.isErased(address)) {
            return address;
        }
        int chars = address.codePointCount(0, address.length());
        int keep = Math.min(6, chars / 2);
        return address.substring(0, address.offsetByCodePoints(0, keep)) + "****";
    }

    // Counted in characters (code points): a rare character outside the BMP is never split.
    private static String tail(String s) {
        int chars = s.codePointCount(0, s.length());
        int keep = Math.min(4, chars / 2);
        return "*".repeat(chars - keep) + s.substring(s.offsetByCodePoints(0, chars - keep));
    }
}
