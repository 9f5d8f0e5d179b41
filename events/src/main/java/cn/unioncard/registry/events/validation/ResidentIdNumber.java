package cn.unioncard.registry.events.validation;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resident identity card number (居民身份证号码, GB 11643): 6-digit region, birth date
 * YYYYMMDD, 3-digit sequence and an ISO 7064 MOD 11-2 check character. Only for ID type 1;
 * other documents are checked for shape only ({@link #isValidOtherDocument(String)}).
 */
public final class ResidentIdNumber {

    public static final String FORMAT = "id-number.format";
    public static final String REGION = "id-number.region";
    public static final String BIRTH_DATE = "id-number.birth-date";
    public static final String FUTURE_BIRTH_DATE = "id-number.future-birth-date";
    public static final String CHECK_CHARACTER = "id-number.check-character";

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);
    private static final Pattern DIGITS17 = Pattern.compile("\\d{17}");
    // Region codes never start with 0 (the first digit is the province group 1–8).
    private static final Pattern LEGACY15 = Pattern.compile("[1-9]\\d{14}");
    private static final Pattern SHAPE18 = Pattern.compile("[1-9]\\d{16}[0-9X]");
    /**
     * Province-level codes of GB/T 2260 (the first two digits): 11–15, 21–23, 31–37, 41–46,
     * 50–54, 61–65, 71 Taiwan, 81 Hong Kong, 82 Macao, and 83 on Taiwan residents' residence permits.
     */
    private static final Pattern PROVINCE = Pattern.compile("1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3]");
    private static final Pattern OTHER_DOCUMENT = Pattern.compile("[A-Z0-9-]{5,20}");

    private ResidentIdNumber() {
    }

    /**
     * Outcome of {@link #parse}. Valid exactly when {@code errorCode} is empty; only then are
     * {@code normalised} (18 characters, upper-case X) and {@code birthDate} present, so an
     * invalid number can never be used by mistake. {@code convertedFrom15} says the input was
     * a legacy 15-digit number, which must be recorded with the conversion.
     */
    public record Result(Optional<String> normalised, boolean convertedFrom15,
                         Optional<LocalDate> birthDate, Optional<String> errorCode) {

        static Result valid(String id, boolean converted, LocalDate birth) {
            return new Result(Optional.of(id), converted, Optional.of(birth), Optional.empty());
        }

        static Result invalid(String code, boolean converted) {
            return new Result(Optional.empty(), converted, Optional.empty(), Optional.of(code));
        }

        public boolean isValid() {
            return errorCode.isEmpty();
        }
    }

    /**
     * Check character for the first 17 digits: "10X98765432"[Σ dᵢ·wᵢ mod 11].
     *
     * @throws IllegalArgumentException if the argument is not 17 ASCII digits
     */
    public static char checkCharacter(String first17) {
        if (first17 == null || !DIGITS17.matcher(first17).matches()) {
            throw new IllegalArgumentException("body must be 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11);
    }

    /**
     * Normalises (full width → ASCII, trim, x → X), converts a 15-digit legacy number to 18
     * digits (those were issued to people born in the 1900s: "19" goes before the year and the
     * check character is appended) and checks the province code, birth date (real, 1900-01-01 … today)
     * and check character.
     */
    public static Result parse(String raw, LocalDate today) {
        if (raw == null) {
            return Result.invalid(FORMAT, false);
        }
        String s = Text.toHalfWidth(raw).trim().toUpperCase(Locale.ROOT);
        boolean converted = false;
        if (LEGACY15.matcher(s).matches()) {
            String body = s.substring(0, 6) + "19" + s.substring(6);
            s = body + checkCharacter(body);
            converted = true;
        } else if (!SHAPE18.matcher(s).matches()) {
            return Result.invalid(FORMAT, false);
        }
        if (!PROVINCE.matcher(s.substring(0, 2)).matches()) {
            return Result.invalid(REGION, converted);
        }
        LocalDate birth;
        try {
            birth = LocalDate.of(Integer.parseInt(s.substring(6, 10)),
                    Integer.parseInt(s.substring(10, 12)), Integer.parseInt(s.substring(12, 14)));
        } catch (DateTimeException e) {
            return Result.invalid(BIRTH_DATE, converted);
        }
        if (birth.isBefore(EARLIEST_BIRTH)) {
            return Result.invalid(BIRTH_DATE, converted);
        }
        if (birth.isAfter(today)) {
            return Result.invalid(FUTURE_BIRTH_DATE, converted);
        }
        if (checkCharacter(s.substring(0, 17)) != s.charAt(17)) {
            return Result.invalid(CHECK_CHARACTER, converted);
        }
        return Result.valid(s, converted, birth);
    }

    /** Adds an ERROR with the code from {@link #parse}. Null or blank is a format error. */
    public static void validate(String field, String raw, LocalDate today, Violations out) {
        parse(raw, today).errorCode().ifPresent(code -> out.add(violation(field, code)));
    }

    private static Violation violation(String field, String code) {
        return switch (code) {
            case BIRTH_DATE -> Violation.error(field, code,
                    "身份证号码中的出生日期不是有效日期（或早于1900年）",
                    "the birth date in the ID number is not a valid date (or is before 1900)");
            case FUTURE_BIRTH_DATE -> Violation.error(field, code,
                    "身份证号码中的出生日期晚于今天",
                    "the birth date in the ID number is in the future");
            case REGION -> Violation.error(field, code,
                    "身份证号码前两位不是有效的省级行政区划代码（GB/T 2260）",
                    "the first two digits of the ID number are not a province code (GB/T 2260)");
            case CHECK_CHARACTER -> Violation.error(field, code,
                    "身份证号码校验位不正确",
                    "the ID number check character is wrong");
            default -> Violation.error(field, FORMAT,
                    "身份证号码格式不正确，应为18位（最后一位可为X）或15位数字",
                    "an ID number must be 18 characters (the last may be X) or 15 digits");
        };
    }

    /**
     * Normalised passport / HK-Macau-Taiwan permit / foreigner residence permit number
     * (ID type 2): half width, upper case, trimmed, spaces removed; 5–20 characters of A-Z,
     * 0-9 and hyphen with at least one letter or digit. Shape only: these documents have
     * no common check scheme.
     */
    public static Optional<String> normaliseOtherDocument(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = Text.removeWhitespace(Text.toHalfWidth(raw)).toUpperCase(Locale.ROOT);
        return OTHER_DOCUMENT.matcher(s).matches() && s.chars().anyMatch(Character::isLetterOrDigit)
                ? Optional.of(s) : Optional.empty();
    }

    public static boolean isValidOtherDocument(String raw) {
        return normaliseOtherDocument(raw).isPresent();
    }

    /** Adds an ERROR {@code id-number.format} when an ID-type-2 document number is malformed. */
    public static void validateOtherDocument(String field, String raw, Violations out) {
        if (!isValidOtherDocument(raw)) {
            out.error(field, FORMAT,
                    "证件号码格式不正确，应为5至20位字母、数字或连字符",
                    "a document number must be 5 to 20 letters, digits or hyphens");
        }
    }
}
