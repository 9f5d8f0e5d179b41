package cn.unioncard.registry.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Searching stored bytes, for the tests that look for personal data where it must not be. */
public final class Bytes {

    private Bytes() {
    }

    public static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Whether {@code bytes} hold {@code text} as UTF-8 or UTF-16 (either byte order). */
    public static boolean holds(byte[] bytes, String text) {
        for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
            if (contains(bytes, text.getBytes(charset))) {
                return true;
            }
        }
        return false;
    }
}
