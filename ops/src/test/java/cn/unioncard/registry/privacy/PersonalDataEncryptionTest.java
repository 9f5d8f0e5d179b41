package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberRegistered;
import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.PersonalFields;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.testing.MemberData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;

import static cn.unioncard.registry.testing.Bytes.holds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The event serializer of the running registry against its own PostgreSQL: what it stores for a
 * member, what it reads back, under an intact, a tampered and a destroyed key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersonalDataEncryptionTest {

    /** One member's details, the same in every event of this test (they are compared after a round trip). */
    private static final MemberDetails DETAILS = MemberData.details().build();

    /** An event a developer might add without classifying its text field. */
    record CardNicknameChosen(@DataSubject String memberId, String nickname) {
    }

    private RunningRegistry registry;
    private Serializer events;
    private KeyRing keys;
    private TransactionTemplate tx;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        events = BeanFactoryAnnotationUtils.qualifiedBeanOfType(registry.context().getBeanFactory(),
                Serializer.class, "eventSerializer");
        keys = registry.context().getBean(KeyRing.class);
        tx = registry.context().getBean(TransactionTemplate.class);
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    private byte[] store(Object event) {
        return tx.execute(s -> events.serialize(event, byte[].class).getData());
    }

    private Object read(byte[] stored, Class<?> type) {
        SerializedObject<byte[]> o = new SimpleSerializedObject<>(stored, byte[].class, type.getName(), null);
        return events.deserialize(o);
    }

    @Test
    void personalFieldsAreStoredEncryptedAndReadBackExactly() {
        String member = UUID.randomUUID().toString();
        MemberRegistered event = MemberData.registered(member, "union-1", DETAILS);

        byte[] stored = store(event);

        for (String secret : MemberData.secrets(DETAILS)) {
            assertThat(holds(stored, secret)).as(secret).isFalse();
        }
        String json = new String(stored, StandardCharsets.UTF_8);
        // ids, codes and flags stay readable for statistics and replays without keys
        assertThat(json).contains(member).contains("\"ethnicGroup\":\"01\"").contains("\"socialInsured\":true")
                .contains("\"filledOn\":\"" + DETAILS.filledOn() + "\"")
                .doesNotContain(DETAILS.idExpiry().toString());
        assertThat(read(stored, MemberRegistered.class)).isEqualTo(event);
    }

    @Test
    void an_import_chunk_with_its_rows_violations_is_stored_without_derived_properties_and_read_back() {
        var event = new cn.unioncard.registry.events.imports.ImportRowsProcessed("job-1", 2, 3, 0, 1, 1, List.of(
                new cn.unioncard.registry.events.imports.ImportedRow(2, cn.unioncard.registry.events.imports.RowResult
                        .REJECTED, null, List.of(cn.unioncard.registry.events.validation.Violation.error("name",
                        "required", "必填项不能为空", "this field is required"))),
                new cn.unioncard.registry.events.imports.ImportedRow(3, cn.unioncard.registry.events.imports.RowResult
                        .DUPLICATE, "u-1", List.of(cn.unioncard.registry.events.validation.Violation.warning("name",
                        "import.same-union-in-file", "与第 2 行工会名称相同，未重复导入", "same name as row 2")))));

        byte[] stored = store(event);

        assertThat(new String(stored, StandardCharsets.UTF_8)).contains("\"severity\":\"ERROR\"")
                .doesNotContain("\"error\":");
        assertThat(read(stored, event.getClass())).isEqualTo(event);
    }

    @Test
    void theRegistrysSerializerKeepsANullPersonalFieldInPlaceSoAReadWithoutTheKeyTellsItFromASealedOne() {
        MemberDetails longTerm = MemberData.Details.of(DETAILS).with(d -> {
            d.idExpiry = null;
            d.idLongTerm = true;
        }).build();
        String json = new String(store(MemberData.registered(UUID.randomUUID().toString(), "union-1", longTerm)),
                StandardCharsets.UTF_8);
        assertThat(json).contains("\"idExpiry\":null").doesNotContain("\"name\":").contains("\"pd2\":\"");
    }

    @Test
    void underADestroyedKeyEveryPersonalFieldReadsAsErased() {
        String member = UUID.randomUUID().toString();
        MemberRegistered event = MemberData.registered(member, "union-1", DETAILS);
        byte[] stored = store(event);

        tx.executeWithoutResult(s -> keys.erase(member));

        MemberRegistered read = (MemberRegistered) read(stored, MemberRegistered.class);
        assertThat(read).isEqualTo(PersonalFields.erased(event));
        MemberDetails d = read.details();
        assertThat(d.name()).isEqualTo("已删除");
        assertThat(d.ethnicGroup()).isEqualTo("01");
        assertThat(registry.jdbc().queryForObject("select wrapped_key is null and erased_at is not null "
                + "from data_key where subject_id = ?", Boolean.class, member)).isTrue();
        // nothing new can be written for an erased member
        assertThatThrownBy(() -> store(MemberData.registered(member, "union-1", DETAILS))).hasRootCauseInstanceOf(
                KeyRing.SubjectErased.class);
    }

    @Test
    void aKeyMadeInARolledBackTransactionIsNeitherStoredNorCached() {
        String member = UUID.randomUUID().toString();
        byte[] lost = tx.execute(s -> {
            byte[] b = events.serialize(MemberData.registered(member, "union-1", DETAILS), byte[].class).getData();
            s.setRollbackOnly();
            return b;
        });
        assertThat(registry.jdbc().queryForObject("select count(*) from data_key where subject_id = ?",
                Integer.class, member)).isZero();
        assertThatThrownBy(() -> read(lost, MemberRegistered.class)).hasRootCauseMessage(
                "no data key for a subject whose data is in the event store");

        byte[] kept = store(MemberData.registered(member, "union-1", DETAILS));
        assertThat(read(kept, MemberRegistered.class)).isEqualTo(MemberData.registered(member, "union-1", DETAILS));
    }

    @Test
    void aKeyMadeInAnInnerTransactionThatRolledBackIsNotCachedWhenTheOuterOneCommits() {
        String member = UUID.randomUUID().toString();
        TransactionTemplate inner = new TransactionTemplate(tx.getTransactionManager());
        inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        byte[] lost = tx.execute(outer -> {
            // the outer transaction has its own pending keys before the inner one starts
            events.serialize(MemberData.registered(UUID.randomUUID().toString(), "union-1", DETAILS), byte[].class);
            return inner.execute(s -> {
                byte[] b = events.serialize(MemberData.registered(member, "union-1", DETAILS), byte[].class).getData();
                s.setRollbackOnly();
                return b;
            });
        });
        assertThatThrownBy(() -> read(lost, MemberRegistered.class)).hasRootCauseMessage(
                "no data key for a subject whose data is in the event store");
    }

    @Test
    void dataKeysAreStoredWrappedAndTheMasterKeyFileIsTheOwnersOnly() throws Exception {
        String member = UUID.randomUUID().toString();
        store(MemberData.registered(member, "union-1", DETAILS));
        byte[] wrapped = registry.jdbc().queryForObject("select wrapped_key from data_key where subject_id = ?",
                byte[].class, member);
        assertThat(wrapped).hasSize(12 + 32 + 16); // nonce, key, tag
        var file = registry.dataDir().resolve("data-master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void anEventWithAnUnclassifiedFieldIsRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> store(new CardNicknameChosen(UUID.randomUUID().toString(), "小岚")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CardNicknameChosen.nickname");
    }
}
