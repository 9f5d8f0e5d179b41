package cn.unioncard.registry.privacy;

import cn.unioncard.registry.command.member.DataKeys;
import cn.unioncard.registry.ops.RegistryProperties;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One AES-256 data key per data subject (member), kept in {@code data_key} wrapped by the
 * {@link MasterKey}, and cached unwrapped so that encryption costs a lookup, not a query.
 * Erasure destroys the wrapped key (the row stays, marked erased, so nothing re-creates it).
 *
 * <p>Only committed keys enter the cache: a key made inside a transaction is kept with that
 * transaction until it commits, so a rolled-back registration never leaves behind a cached key
 * that the database does not have.
 */
@Component
class KeyRing implements DataKeys {

    /** A cached state of a subject's key: present or erased. */
    private sealed interface Held permits Live, Erased {
    }

    private record Live(SecretKey key) implements Held {
    }

    private record Erased() implements Held {
    }

    /** The master key does not open the stored data keys: the wrong key file or REGISTRY_MASTER_KEY. */
    static final class WrongMasterKey extends IllegalStateException {
        WrongMasterKey() {
            super("the master key does not open the stored data keys");
        }
    }

    /** Thrown for a subject whose data was erased: nothing new may be written for it. */
    static final class SubjectErased extends IllegalStateException {
        SubjectErased() {
            super("the data subject's personal data was erased");
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Held ERASED = new Erased();
    /** Not a member id (those are UUIDs): the row whose key proves the master key right. */
    static final String MASTER_KEY_CHECK = "~master-key-check";

    private final JdbcTemplate jdbc;
    private final MasterKey master;
    private final Cache<String, Held> cache;

    @Autowired
    KeyRing(JdbcTemplate jdbc, MasterKey master, RegistryProperties properties) {
        this(jdbc, master, properties.privacy().cachedKeys());
    }

    KeyRing(JdbcTemplate jdbc, MasterKey master, long cachedKeys) {
        this.jdbc = jdbc;
        this.master = master;
        this.cache = Caffeine.newBuilder().maximumSize(cachedKeys).expireAfterWrite(Duration.ofMinutes(10)).build();
    }

    /**
     * Fails the start when the master key cannot open what it wrapped before: otherwise every read
     * of a member would fail later, one by one. A check value wrapped at the first start also
     * catches a second instance that generated its own master key on a shared, still empty database.
     */
    @PostConstruct
    void checkMasterKey() {
        byte[] check = new byte[32];
        RANDOM.nextBytes(check);
        jdbc.update("insert into data_key (subject_id, wrapped_key) values (?, ?) on conflict (subject_id) do nothing",
                MASTER_KEY_CHECK, master.wrap(MASTER_KEY_CHECK, check));
        byte[] stored = jdbc.queryForObject("select wrapped_key from data_key where subject_id = ?", byte[].class,
                MASTER_KEY_CHECK);
        try {
            master.unwrap(MASTER_KEY_CHECK, stored);
        } catch (IllegalStateException e) {
            throw new WrongMasterKey();
        }
    }

    /**
     * The subject's key for encrypting, made (and stored, in the current transaction) if missing.
     * A new member is the common case (registrations, imports), so an uncached key is first tried
     * as an insert: one statement for a new member; an existing row makes it a lookup instead.
     */
    SecretKey forWriting(String subject) {
        Map<String, Held> pending = pending();
        Held held = pending != null && pending.containsKey(subject) ? pending.get(subject) : cache.getIfPresent(subject);
        if (held == null) {
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            // A row of a concurrent transaction makes this wait until it commits, then do nothing.
            if (jdbc.update("insert into data_key (subject_id, wrapped_key) values (?, ?) "
                    + "on conflict (subject_id) do nothing", subject, master.wrap(subject, raw)) == 1) {
                Live made = new Live(new SecretKeySpec(raw, "AES"));
                if (pending != null) {
                    pending.put(subject, made);
                } else {
                    cache.put(subject, made);
                }
                return made.key();
            }
            held = cache.get(subject, this::load);
        }
        if (held instanceof Live live) {
            return live.key();
        }
        throw new SubjectErased();
    }

    /**
     * The keys of a chunk of new subjects in one statement (an import's chunk), instead of one
     * insert each when their events are sealed. Subjects that already have a row keep it.
     */
    @Override
    public void prepare(Collection<String> subjects) {
        if (subjects.isEmpty()) {
            return;
        }
        String[] ids = subjects.toArray(String[]::new);
        byte[][] raw = new byte[ids.length][];
        byte[][] wrapped = new byte[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            raw[i] = new byte[32];
            RANDOM.nextBytes(raw[i]);
            wrapped[i] = master.wrap(ids[i], raw[i]);
        }
        Set<String> made = new HashSet<>(jdbc.execute((ConnectionCallback<List<String>>) c -> {
            try (PreparedStatement s = c.prepareStatement("insert into data_key (subject_id, wrapped_key) "
                    + "select * from unnest(?::varchar[], ?::bytea[]) on conflict (subject_id) do nothing "
                    + "returning subject_id")) {
                s.setArray(1, c.createArrayOf("varchar", ids));
                s.setArray(2, c.createArrayOf("bytea", wrapped));
                List<String> inserted = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getString(1));
                    }
                }
                return inserted;
            }
        }));
        Map<String, Held> pending = pending();
        for (int i = 0; i < ids.length; i++) {
            if (made.contains(ids[i])) {
                Live live = new Live(new SecretKeySpec(raw[i], "AES"));
                if (pending != null) {
                    pending.put(ids[i], live);
                } else {
                    cache.put(ids[i], live);
                }
            }
        }
    }

    /** The subject's key for decrypting; empty once erased. */
    Optional<SecretKey> forReading(String subject) {
        Map<String, Held> pending = pending();
        Held held = pending != null && pending.containsKey(subject) ? pending.get(subject) : cache.get(subject,
                this::load);
        if (held == null) {
            throw new IllegalStateException("no data key for a subject whose data is in the event store");
        }
        return held instanceof Live live ? Optional.of(live.key()) : Optional.empty();
    }

    /**
     * Destroys the subject's key. Effective for this instance's cache when the transaction commits,
     * and for the other instances' about a second later (ErasureNotifications).
     */
    void erase(String subject) {
        int changed = jdbc.update("update data_key set wrapped_key = null, erased_at = now() "
                + "where subject_id = ? and wrapped_key is not null", subject);
        if (changed == 0) {
            jdbc.update("insert into data_key (subject_id, wrapped_key, erased_at) values (?, null, now()) "
                    + "on conflict (subject_id) do nothing", subject);
        }
        // Other instances hear of it when this transaction commits (ErasureNotifications).
        jdbc.queryForList("select pg_notify(?, ?)", ErasureNotifications.CHANNEL, subject);
        Map<String, Held> pending = pending();
        if (pending != null) {
            pending.put(subject, ERASED);
        } else {
            cache.put(subject, ERASED);
        }
    }

    /** Drops a cached key that another instance destroyed; the next use reads the table. */
    void forget(String subject) {
        cache.invalidate(subject);
    }

    void forgetAll() {
        cache.invalidateAll();
    }

    /**
     * The subject's key as committed. Only rows this transaction has not changed are read here
     * (its own changes are pending), so what is loaded may be cached.
     */
    private Held load(String subject) {
        List<byte[]> rows = jdbc.query("select wrapped_key from data_key where subject_id = ?",
                (rs, i) -> rs.getBytes(1), subject);
        if (rows.isEmpty()) {
            return null;
        }
        byte[] wrapped = rows.get(0);
        return wrapped == null ? ERASED : new Live(new SecretKeySpec(master.unwrap(subject, wrapped), "AES"));
    }

    /**
     * Keys made or destroyed in the current transaction, or null outside one. They reach the cache
     * when it commits; an inner REQUIRES_NEW transaction gets its own (suspend/resume).
     */
    @SuppressWarnings("unchecked")
    private Map<String, Held> pending() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Map<String, Held> pending = (Map<String, Held>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            Map<String, Held> changes = new HashMap<>();
            TransactionSynchronizationManager.bindResource(this, changes);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void suspend() {
                    TransactionSynchronizationManager.unbindResourceIfPossible(KeyRing.this);
                }

                @Override
                public void resume() {
                    TransactionSynchronizationManager.bindResource(KeyRing.this, changes);
                }

                @Override
                public void afterCommit() {
                    cache.putAll(changes);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(KeyRing.this);
                }
            });
            pending = changes;
        }
        return pending;
    }
}
