package cn.unioncard.registry.query.projection;

/**
 * Text as PostgreSQL can store it. A NUL is the one character a {@code text} column refuses; a
 * projection shows U+FFFD in its place rather than failing on an event that is already recorded.
 */
public final class StorableText {

    private StorableText() {
    }

    public static String of(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }
}
