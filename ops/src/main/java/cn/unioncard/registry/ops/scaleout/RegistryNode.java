package cn.unioncard.registry.ops.scaleout;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This process's name among the registry processes on one database: {@code pid@host} as Axon would
 * name it, plus a random suffix, so two registries in one JVM (tests) or a restart under a reused
 * pid never pass for one another. It owns this process's token claims.
 */
public record RegistryNode(String id) {

    static RegistryNode ofThisProcess() {
        byte[] suffix = new byte[4];
        new SecureRandom().nextBytes(suffix);
        String jvm = ManagementFactory.getRuntimeMXBean().getName();
        return new RegistryNode(jvm.substring(0, Math.min(jvm.length(), 200)) + "/" + HexFormat.of().formatHex(suffix));
    }
}
