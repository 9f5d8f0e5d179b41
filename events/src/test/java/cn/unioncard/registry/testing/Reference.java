package cn.unioncard.registry.testing;

/**
 * Independent, deliberately naive re-implementations of the check-character algorithms,
 * written straight from the standards' formulas in docs/design.md §3, so tests never take their
 * expected values from the code under test. Shared by every module's tests through the events
 * test-jar, so the check characters of test data come from here too, never from production code.
 */
public final class Reference {

    private Reference() {
    }

    /** GB 11714: value = position in 0-9A-Z; c = 11 − (Σ mod 11); 10 → X, 11 → 0. */
    public static char organisationCheck(String body8) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        int[] w = {3, 7, 9, 10, 5, 8, 4, 2};
        int s = 0;
        for (int i = 0; i < w.length; i++) {
            s = s + alphabet.indexOf(body8.charAt(i)) * w[i];
        }
        int c = 11 - (s % 11);
        if (c == 10) {
            return 'X';
        }
        if (c == 11) {
            return '0';
        }
        return Integer.toString(c).charAt(0);
    }

    /** GB 32100: charset[(31 − Σ mod 31) mod 31]. */
    public static char socialCreditCheck(String first17) {
        String charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] w = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
        long s = 0;
        for (int i = 0; i < w.length; i++) {
            s = s + (long) charset.indexOf(first17.charAt(i)) * w[i];
        }
        return charset.charAt((int) ((31 - s % 31) % 31));
    }

    /**
     * GB 11643 / ISO 7064 MOD 11-2, computed the "textbook" way: weight wᵢ = 2^(17−i) mod 11
     * (which yields 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2), check = (12 − S mod 11) mod 11,
     * with 10 written X. Equivalent to "10X98765432"[S mod 11] but derived differently.
     */
    public static char residentIdCheck(String first17) {
        int s = 0;
        for (int i = 0; i < 17; i++) {
            int weight = 1;
            for (int k = 0; k < 17 - i; k++) {
                weight = weight * 2 % 11;
            }
            s += (first17.charAt(i) - '0') * weight;
        }
        int c = (12 - s % 11) % 11;
        return c == 10 ? 'X' : (char) ('0' + c);
    }

    /** Luhn, the "double every second digit from the right, sum the digits" way. */
    public static boolean luhn(String digits) {
        int total = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                int twice = 2 * d;
                total += twice / 10 + twice % 10;
            } else {
                total += d;
            }
        }
        return total % 10 == 0;
    }
}
