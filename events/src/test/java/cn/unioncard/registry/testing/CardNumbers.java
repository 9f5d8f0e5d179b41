package cn.unioncard.registry.testing;

/** Real-shaped bank card numbers for tests, their Luhn check digit worked out here, never by the registry. */
public final class CardNumbers {

    private CardNumbers() {
    }

    /** A 19-digit number with the bank's prefix 622202: the {@code n}-th of a series starting at {@code base}. */
    public static String numbered(long base, int n) {
        String payload = "622202" + String.format("%012d", base + n * 7919L);
        int sum = 0;
        for (int i = 0; i < payload.length(); i++) {
            int d = payload.charAt(payload.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return payload + (10 - sum % 10) % 10;
    }
}
