package cn.unioncard.registry.bench;

/**
 * One measured figure with its target. {@code ratio} is the figure divided by the named baseline of
 * the same run (null where none applies); {@code pass} is null where there is no target to meet.
 */
record Figure(String scenario, String metric, double value, String unit, String target, Boolean pass,
              String baseline, Double ratio) {

    String verdict() {
        return pass == null ? "" : pass ? "PASS" : "MISS";
    }
}
