package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberRegistered;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.testing.MemberData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The master key outlives restarts in the data directory, and a wrong one stops the start with
 * one line instead of failing every later read of a member.
 */
class MasterKeyTest {

    /** One member's details, the same in every event of this test (they are compared after a round trip). */
    private static final MemberDetails DETAILS = MemberData.details().build();

    @Test
    void theKeysSurviveARestartAndAWrongMasterKeyIsRefusedAtStart() {
        Path dataDir = RunningRegistry.newDataDir();
        String member = UUID.randomUUID().toString();
        try {
            byte[] stored;
            try (RunningRegistry first = RunningRegistry.startOn(dataDir)) {
                stored = first.context().getBean(TransactionTemplate.class).execute(s ->
                        serializer(first).serialize(MemberData.registered(member, "union-1", DETAILS), byte[].class)
                                .getData());
            }

            byte[] other = new byte[32];
            new SecureRandom().nextBytes(other);
            PrintStream original = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                assertThatThrownBy(() -> RunningRegistry.run(dataDir,
                        "registry.privacy.master-key=" + Base64.getEncoder().encodeToString(other)).close())
                        .isInstanceOf(Exception.class);
            } finally {
                System.setErr(original);
            }
            assertThat(captured.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith("registry did not start:")).toList())
                    .singleElement().asString().contains("master key").contains("data-master.key");

            try (RunningRegistry again = RunningRegistry.startOn(dataDir)) {
                Object read = serializer(again).deserialize(new SimpleSerializedObject<>(stored, byte[].class,
                        MemberRegistered.class.getName(), null));
                assertThat(read).isEqualTo(MemberData.registered(member, "union-1", DETAILS));
            }
        } finally {
            RunningRegistry.deleteQuietly(dataDir);
        }
    }

    private static Serializer serializer(RunningRegistry registry) {
        return BeanFactoryAnnotationUtils.qualifiedBeanOfType(registry.context().getBeanFactory(), Serializer.class,
                "eventSerializer");
    }
}
