package cn.unioncard.registry.ops.privacy;

import com.github.benmanes.caffeine.cache.Cache;
import jakarta.annotation.PostConstruct;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
class KeyRing {

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

    private final JdbcTemplate jdbc;
    private final MasterKey master;
    private final Cache<String, Held> cache;

    @Autowired
    KeyRing(JdbcTemplate jdbc, MasterKey master, @Value("${registry.privacy.cached-keys:200000}") long cachedKeys) {
        this.jdbc = jdbc;
        this.master = master;
        this.cache = Caffeine.newBuilder().maximumSize(cachedKeys).expireAfterWrite(Duration.ofMinutes(10)).build();
    }

    /**
     * Fails the start when the master key cannot open a stored data key: otherwise every read of a
     * member would fail later, one by one.
     */
    @PostConstruct
    void checkMasterKey() {
        jdbc.query("select subject_id, wrapped_key from data_key where wrapped_key is not null limit 1", rs -> {
            try {
                master.unwrap(rs.getString(1), rs.getBytes(2));
            } catch (IllegalStateException e) {
                throw new WrongMasterKey();
            }
        });
    }

    /** The subject's key for encrypting, made (and stored, in the current transaction) if missing. */
    SecretKey forWriting(String subject) {
        Map<String, SecretKey> pending = pending();
        if (pending != null && pending.containsKey(subject)) {
            return pending.get(subject);
        }
        Held held = cache.getIfPresent(subject);
        if (held == null) {
            held = load(subject);
        }
        if (held instanceof Live live) {
            return live.key();
        }
        if (held instanceof Erased) {
            throw new SubjectErased();
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        int inserted = jdbc.update("insert into data_key (subject_id, wrapped_key) values (?, ?) "
                + "on conflict (subject_id) do nothing", subject, master.wrap(subject, raw));
        if (inserted == 0) {
            // Made by a concurrent transaction that has committed meanwhile (the insert waited on it).
            return forWriting(subject);
        }
        SecretKey key = new SecretKeySpec(raw, "AES");
        if (pending != null) {
            pending.put(subject, key);
        } else {
            cache.put(subject, new Live(key));
        }
        return key;
    }

    /** The subject's key for decrypting; empty once erased. */
    Optional<SecretKey> forReading(String subject) {
        Map<String, SecretKey> pending = pending();
        if (pending != null && pending.containsKey(subject)) {
            return Optional.of(pending.get(subject));
        }
        Held held = cache.get(subject, this::load);
        if (held == null) {
            throw new IllegalStateException("no data key for a subject whose data is in the event store");
        }
        return held instanceof Live live ? Optional.of(live.key()) : Optional.empty();
    }

    /**
     * Destroys the subject's key. Effective for this instance's cache when the transaction commits;
     * other registry instances drop theirs within the cache's expiry (see README).
     */
    void erase(String subject) {
        int changed = jdbc.update("update data_key set wrapped_key = null, erased_at = now() "
                + "where subject_id = ? and wrapped_key is not null", subject);
        if (changed == 0) {
            jdbc.update("insert into data_key (subject_id, wrapped_key, erased_at) values (?, null, now()) "
                    + "on conflict (subject_id) do nothing", subject);
        }
        Map<String, SecretKey> pending = pending();
        if (pending != null) {
            pending.remove(subject);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    cache.put(subject, ERASED);
                }
            });
        } else {
            cache.put(subject, ERASED);
        }
    }

    private Held load(String subject) {
        List<byte[]> rows = jdbc.query("select wrapped_key from data_key where subject_id = ?",
                (rs, i) -> rs.getBytes(1), subject);
        if (rows.isEmpty()) {
            return null;
        }
        byte[] wrapped = rows.get(0);
        return wrapped == null ? ERASED : new Live(new SecretKeySpec(master.unwrap(subject, wrapped), "AES"));
    }

    /** Keys made in the current transaction, or null outside one. */
    @SuppressWarnings("unchecked")
    private Map<String, SecretKey> pending() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Map<String, SecretKey> pending = (Map<String, SecretKey>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            Map<String, SecretKey> made = new HashMap<>();
            TransactionSynchronizationManager.bindResource(this, made);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    made.forEach((s, k) -> cache.put(s, new Live(k)));
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(KeyRing.this);
                }
            });
            pending = made;
        }
        return pending;
    }
}
