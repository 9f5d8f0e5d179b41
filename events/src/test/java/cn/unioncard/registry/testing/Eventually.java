package cn.unioncard.registry.testing;

import java.util.function.BooleanSupplier;

/** Waiting for something another thread (a projection, the sealer) does a little later. */
public final class Eventually {

    private Eventually() {
    }

    /** Polls {@code condition} every 50 ms for up to {@code millis}; true once it holds. */
    public static boolean eventually(long millis, BooleanSupplier condition) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
