package cn.unioncard.registry.events.validation;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Bank card number as returned by the issuing bank: 16–19 digits with a Luhn check digit
 * (ISO/IEC 7812). Printed numbers are grouped ("6222 0202 …"), so spaces and hyphens go.
 */
public final class BankCardNumber {

    private static final Pattern SHAPE = Pattern.compile("\\d{16,19}");

    private BankCardNumber() {
    }

    /** 16–19 ASCII digits with separators removed, or empty. Does not test the Luhn digit. */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = Text.removeWhitespace(Text.toHalfWidth(raw)).replace("-", "");
        return SHAPE.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }

    public static boolean isValid(String raw) {
        return normalise(raw).filter(BankCardNumber::luhnValid).isPresent();
    }

    /** Adds an ERROR {@code card-number.format} or {@code card-number.check-digit}. */
    public static void validate(String field, String raw, Violations out) {
        Optional<String> number = normalise(raw);
        if (number.isEmpty()) {
            out.error(field, "card-number.format",
                    "银行卡号格式不正确，应为16至19位数字",
                    "a bank card number must be 16 to 19 digits");
        } else if (!luhnValid(number.get())) {
            out.error(field, "card-number.check-digit",
                    "银行卡号校验位不正确",
                    "the bank card number check digit is wrong");
        }
    }

    /** Luhn test over a string of ASCII digits (the last one being the check digit). */
    public static boolean luhnValid(String digits) {
        return luhnSum(digits, false) % 10 == 0;
    }

    /** The Luhn check digit to append to {@code payload} (ASCII digits). */
    public static char luhnCheckDigit(String payload) {
        return (char) ('0' + (10 - luhnSum(payload, true) % 10) % 10);
    }

    // Doubles every second digit counted from the right; when a check digit is still to be
    // appended, the rightmost payload digit is the first one doubled.
    private static int luhnSum(String digits, boolean doubleRightmost) {
        if (digits == null || digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("digits expected");
        }
        int sum = 0;
        boolean doubled = doubleRightmost;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum;
    }
}
