package cn.unioncard.registry.events.validation;

import java.util.regex.Pattern;

/** Page parameters of list endpoints: a page number from 0 and a bounded size, both checked at once. */
public final class Paging {

    /** A cursor is the id of the last row shown, which the registry makes with {@code UUID.randomUUID()}. */
    private static final Pattern CURSOR = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    private Paging() {
    }

    public static void check(int page, int size, int maxSize) {
        check(page, size, maxSize, null);
    }

    /**
     * The same with a cursor ({@code after}, null for none): it must look like one the list gave, and
     * it replaces the page number, so it comes with page 0 only. Whether it belongs to the list is the
     * list's to say.
     */
    public static void check(int page, int size, int maxSize, String after) {
        Violations v = new Violations();
        if (page < 0) {
            v.error("page", "page.negative", "页码不能为负数", "page cannot be negative");
        } else if ((long) page * Math.max(size, 1) > Integer.MAX_VALUE) {
            // The database takes the offset as a 32-bit number; no list is that long anyway.
            v.error("page", "page.too-far", "页码超出范围", "the page is beyond any list");
        } else if (page > 0 && after != null) {
            v.error("page", "page.with-cursor", "使用 after 翻页时不能再指定页码",
                    "page cannot be given together with after");
        }
        if (size < 1 || size > maxSize) {
            v.error("size", "size.range", "每页条数应为 1–" + maxSize, "size must be 1–" + maxSize);
        }
        if (after != null && !CURSOR.matcher(after).matches()) {
            v.error("after", "after.malformed", "after 不是本列表给出的翻页位置",
                    "after is not a cursor this list gave");
        }
        v.throwIfAny();
    }
}
