package cn.unioncard.registry.query.member;

/**
 * Where a numbered page of the member list is read, so that no page steps over more than half the list:
 * {@code offset} rows skipped in forward or (past the middle) backward order, then {@code limit} rows;
 * {@code extra} of them (0 or 1) is the row after the page, read to learn whether one follows (first in
 * the backward order).
 */
record ListWindow(boolean backward, long offset, long limit, int extra) {

    /** The page at {@code offset} of {@code size} rows in a list of {@code total} rows (as last known). */
    static ListWindow of(long offset, int size, long total) {
        if (offset * 2 <= total) {
            return new ListWindow(false, offset, size + 1L, 1);
        }
        long end = Math.min(offset + size, total);
        long shown = Math.max(0, end - offset);
        long skipped = total - end;
        return skipped > 0 ? new ListWindow(true, skipped - 1, shown + 1, 1) : new ListWindow(true, 0, shown, 0);
    }
}
