package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.privacy.PersonalFields;
import cn.unioncard.registry.integrity.ChainRebase;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * V9, once: encrypts the personal fields of events written before crypto-shredding existed (the
 * members issue), so that no plaintext personal field remains in the event store. Runs as the
 * schema owner in Flyway's transaction: it pauses the append-only triggers for its own rewrite,
 * re-hashes the chain and records that in chain_rebase (README, "Erasure"). Snapshots are a
 * cache and are dropped. On a store without such events it changes nothing. It writes the format
 * the serializer writes (pd2).
 */
@Component
class EncryptExistingEvents implements JavaMigration {

    private static final Logger log = LoggerFactory.getLogger(EncryptExistingEvents.class);
    static final String REASON = "V9: personal fields of events written before crypto-shredding encrypted under "
            + "per-member keys";

    private final MasterKey master;
    private final ObjectMapper mapper;

    EncryptExistingEvents(MasterKey master, ObjectMapper mapper) {
        this.master = master;
        this.mapper = mapper;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("9");
    }

    @Override
    public String getDescription() {
        return "encrypt personal data in existing events";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) {
        JdbcTemplate owner = new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true));
        KeyRing keys = new KeyRing(owner, master, 10_000);
        ObjectMapper plain = mapper.copy();
        ObjectMapper encrypting = mapper.copy().registerModule(new PersonalDataModule(keys, plain));

        owner.update("delete from snapshot_event_entry");
        List<String> personalTypes = owner.queryForList("select payload_type from domain_event_entry union "
                        + "select payload_type from dead_letter_entry",
                String.class).stream().filter(EncryptExistingEvents::carriesPersonalData).toList();
        // Re-hashing must not launder earlier tampering: the chain has to verify as it stands.
        ChainRebase.verify(owner);
        long changed = 0;
        // No finally: on any failure Flyway rolls the whole transaction back, these two included.
        owner.execute("alter table domain_event_entry disable trigger domain_event_entry_append_only");
        owner.execute("alter table event_seal disable trigger event_seal_append_only");
        for (String type : personalTypes) {
            changed += reEncrypt(owner, "domain_event_entry", "global_index", type, plain, encrypting);
            reEncrypt(owner, "dead_letter_entry", "dead_letter_id", type, plain, encrypting);
        }
        if (changed > 0) {
            ChainRebase.rebase(owner, REASON, changed);
        }
        owner.execute("alter table domain_event_entry enable trigger domain_event_entry_append_only");
        owner.execute("alter table event_seal enable trigger event_seal_append_only");
        log.info("Encrypted the personal fields of {} stored events{}", changed,
                changed > 0 ? "; the chain was re-hashed and the rewrite recorded in chain_rebase" : "");
    }

    private static long reEncrypt(JdbcTemplate owner, String table, String key, String type, ObjectMapper plain,
                                  ObjectMapper encrypting) {
        Class<?> eventType = classOf(type);
        record Row(Object id, byte[] payload) {
        }
        List<Row> rows = owner.query("select " + key + ", payload from " + table + " where payload_type = ?",
                (rs, i) -> new Row(rs.getObject(1), rs.getBytes(2)), type);
        List<Object[]> updates = new ArrayList<>();
        for (Row row : rows) {
            String json = new String(row.payload(), StandardCharsets.UTF_8);
            if (json.contains("\"" + PersonalDataModule.PREFIX) || json.contains("\"" + SealedFields.PROPERTY + "\":")) {
                continue; // written encrypted already (pd1 or pd2)
            }
            try {
                Object event = plain.readValue(row.payload(), eventType);
                updates.add(new Object[]{encrypting.writeValueAsBytes(event), row.id()});
            } catch (IOException e) {
                // Not chained: Jackson's message would quote the stored (personal) value.
                throw new IllegalStateException("cannot read a stored " + eventType.getSimpleName() + " ("
                        + table + " " + row.id() + ") to re-encrypt it: " + e.getClass().getSimpleName());
            }
        }
        owner.batchUpdate("update " + table + " set payload = ? where " + key + " = ?", updates);
        return updates.size();
    }

    private static boolean carriesPersonalData(String type) {
        Class<?> c = classOf(type);
        return c != null && PersonalFields.carriesPersonalData(c);
    }

    private static Class<?> classOf(String type) {
        try {
            return Class.forName(type, false, EncryptExistingEvents.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
