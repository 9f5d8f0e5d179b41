package cn.unioncard.registry.ops.projections;

/**
 * Marks the thread that runs a replay's handlers, so that what must not happen twice can refuse
 * (publishing an event) and what a replay need not pay for can be skipped (a savepoint per event).
 */
final class Replaying {

    private static final ThreadLocal<String> GROUP = new ThreadLocal<>();

    private Replaying() {
    }

    static boolean now() {
        return GROUP.get() != null;
    }

    /** Runs {@code work} marked as the replay of {@code group}. */
    static void as(String group, Runnable work) {
        GROUP.set(group);
        try {
            work.run();
        } finally {
            GROUP.remove();
        }
    }
}
