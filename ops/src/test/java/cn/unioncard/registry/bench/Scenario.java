package cn.unioncard.registry.bench;

/**
 * One measured path of the registry. A later capability (import, statistics, replays, exports)
 * adds its own implementation to {@link Bench#SCENARIOS}: it may use the prepared {@link Bench}
 * (the running registry, tokens, the seeded population, the database baselines) and reports its
 * figures with {@link Bench#report}.
 */
interface Scenario {

    /** A short name, used in the progress lines and as the first column of the table. */
    String name();

    void run(Bench bench) throws Exception;
}
