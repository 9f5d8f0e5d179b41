package cn.unioncard.registry.events.validation;

/** Page parameters of list endpoints: a page number from 0 and a bounded size, both checked at once. */
public final class Paging {

    private Paging() {
    }

    public static void check(int page, int size, int maxSize) {
        Violations v = new Violations();
        if (page < 0) {
            v.error("page", "page.negative", "页码不能为负数", "page cannot be negative");
        } else if ((long) page * Math.max(size, 1) > Integer.MAX_VALUE) {
            // The database takes the offset as a 32-bit number; no list is that long anyway.
            v.error("page", "page.too-far", "页码超出范围", "the page is beyond any list");
        }
        if (size < 1 || size > maxSize) {
            v.error("size", "size.range", "每页条数应为 1–" + maxSize, "size must be 1–" + maxSize);
        }
        v.throwIfAny();
    }
}
