package cn.unioncard.registry.bench;

import java.nio.file.Files;

/**
 * The packaged jar's size, and its cold start on the database the run has filled: from the
 * process's start to {@code /actuator/health} UP, in a new JVM, as the plain jar and again with a
 * class-data-sharing archive ({@link ClassDataSharing}). Runs last: it restarts the registry.
 */
final class ColdStart implements Scenario {

    @Override
    public String name() {
        return "packaged jar";
    }

    @Override
    public void run(Bench bench) throws Exception {
        double mb = Files.size(bench.config.jar()) / 1024.0 / 1024.0;
        bench.report(name(), "size", mb, "MB", "≤ 60 MB", mb <= 60, null);
        bench.stopRegistry();
        bench.startRegistry();
        double seconds = bench.registry.startSeconds();
        bench.report(name(), "cold start to health UP", seconds, "s", "≤ 10 s", seconds <= 10, null);
        bench.stopRegistry();

        ClassDataSharing.Prepared cds = ClassDataSharing.prepare(bench.config.jar(), bench.config.jvmFlags(),
                bench.dataDir.resolveSibling("cds"), bench.config.out().resolve("cds-training.log"));
        bench.report(name(), "CDS archive: extract and training run", cds.seconds(), "s", null, null, null);
        bench.startRegistry(cds.jar(), cds.jvmFlags());
        double withArchive = bench.registry.startSeconds();
        bench.report(name(), "cold start to health UP, CDS archive", withArchive, "s", "≤ 10 s", withArchive <= 10,
                null);
    }
}
