package cn.unioncard.registry.testing;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real-shaped GB 11643 resident ID numbers for tests, their check character always from the
 * independent {@link Reference}, never from the code under test.
 */
public final class ResidentIds {

    /** 350203 + 19850612 + 123 + check '7' (Σ = 258, 258 mod 11 = 5 → '7'): worked out by hand. */
    public static final String VALID_ID = "350203198506121237";

    /** Districts no hand-picked test number uses, so generated numbers never meet those or each other. */
    private static final String FRESH_REGION = "350212";
    private static final String NUMBERED_REGION = "350213";
    private static final LocalDate FRESH_FROM = LocalDate.of(1960, 1, 1);
    private static final AtomicInteger NEXT = new AtomicInteger();

    private ResidentIds() {
    }

    /** An 18-character number: region, birth date, 3-digit sequence and check character. */
    public static String of(String region, LocalDate birth, int sequence) {
        return withCheck(region + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", sequence));
    }

    /** The same from the parts as text, e.g. {@code of("350203", "20000229", "123")}. */
    public static String of(String region, String birthYyyyMmDd, String sequence) {
        return withCheck(region + birthYyyyMmDd + sequence);
    }

    /** The first 17 digits followed by their check character. */
    public static String withCheck(String first17) {
        if (!first17.matches("\\d{17}")) {
            throw new IllegalArgumentException("17 digits expected");
        }
        return first17 + Reference.residentIdCheck(first17);
    }

    /**
     * The {@code n}th of a series of distinct valid numbers (distinct for n below 14 million) of
     * adults born 1960–1999, so that the builder's working-life dates are plausible for them.
     */
    public static String numbered(int n) {
        return series(NUMBERED_REGION, n);
    }

    /** A valid number no other call in this test run has returned. */
    public static String fresh() {
        return series(FRESH_REGION, NEXT.getAndIncrement());
    }

    private static String series(String region, int n) {
        return of(region, FRESH_FROM.plusDays(n / 999 % 14_600), 1 + n % 999);
    }

    /** The first number from {@code sequence} on whose check character is X. */
    public static String endingInX(String region, LocalDate birth, int sequence) {
        for (int s = sequence; s < sequence + 1000; s++) {
            String id = of(region, birth, s % 1000);
            if (id.endsWith("X")) {
                return id;
            }
        }
        throw new AssertionError("no sequence gives X");
    }

    /** The 18-character form of a 15-digit legacy number: "19" before the year, then the check character. */
    public static String from15(String legacy) {
        if (!legacy.matches("\\d{15}")) {
            throw new IllegalArgumentException("15 digits expected");
        }
        return withCheck(legacy.substring(0, 6) + "19" + legacy.substring(6));
    }

    /** Printable ASCII (digits, X) as the full-width characters some input methods type. */
    public static String fullWidth(String ascii) {
        StringBuilder b = new StringBuilder();
        for (char c : ascii.toCharArray()) {
            b.append(c >= '!' && c <= '~' ? (char) (c - '!' + '！') : c);
        }
        return b.toString();
    }
}
