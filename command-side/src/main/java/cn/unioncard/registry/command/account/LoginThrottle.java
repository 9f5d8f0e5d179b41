package cn.unioncard.registry.command.account;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Counts failed logins per (user name, address), per user name from addresses that never logged in
 * to it, and per address, and says which lock applies (README "Logins and lockout"). Names that no
 * account has are counted exactly alike, so their answers cannot tell them apart.
 */
@Component
class LoginThrottle {

    static final int PAIR_LIMIT = 5;
    static final Duration PAIR_LOCK = Duration.ofMinutes(15);
    static final int ACCOUNT_LIMIT = 20;
    static final Duration ACCOUNT_LOCK = Duration.ofMinutes(15);
    static final Duration ACCOUNT_LOCK_MAX = Duration.ofHours(24);
    static final int ADDRESS_LIMIT = 50;
    static final Duration ADDRESS_LOCK = Duration.ofMinutes(15);
    /** A count starts again after this long without a failure. */
    static final Duration QUIET = Duration.ofHours(1);
    /** An address counts as the owner's for this long after its last successful login. */
    static final Duration KNOWN_FOR = Duration.ofDays(180);
    private static final String ANY = "*";
    private static final int CLEAN_EVERY = 1000;

    /** What one more failure led to: the pair's count and each lock it started (null: none). */
    record Failure(int pairFailures, Instant pairLockedUntil, Instant accountLockedUntil,
                   Instant addressLockedUntil) {
        Optional<Instant> lockedUntil() {
            return Stream.of(pairLockedUntil, accountLockedUntil, addressLockedUntil).filter(Objects::nonNull)
                    .max(Comparator.naturalOrder());
        }
    }

    private final JdbcTemplate jdbc;
    private final AtomicLong failuresSeen = new AtomicLong();

    LoginThrottle(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The key an address is counted under: an IPv4 address as it is, an IPv6 address by its /64
     * network (one host commonly holds a whole /64 and would otherwise get a fresh count per try).
     */
    static String addressKey(String remote) {
        if (remote == null || remote.isBlank()) {
            return "unknown";
        }
        if (remote.indexOf(':') < 0) {
            return remote.length() > 64 ? remote.substring(0, 64) : remote;
        }
        try {
            // An IPv6 literal: parsed, never looked up.
            byte[] b = InetAddress.getByName(remote.startsWith("[") ? remote : "[" + remote + "]").getAddress();
            if (b.length != 16) {
                return InetAddress.getByAddress(b).getHostAddress();
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                out.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return out.append(":/64").toString();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    boolean isKnown(String username, String address, Instant now) {
        return !jdbc.queryForList("select 1 from login_known_address where username = ? and client_address = ? "
                + "and last_success > ?", Integer.class, username, address, Timestamp.from(now.minus(KNOWN_FOR))).isEmpty();
    }

    /** The end of the latest lock that keeps this address from trying this name now, if any. */
    Optional<Instant> lockedUntil(String username, String address, boolean known, Instant now) {
        List<Timestamp> until = jdbc.queryForList("""
                select max(locked_until) from login_throttle
                 where locked_until > ?
                   and ((username = ? and client_address = ?)
                     or (username = ? and client_address = ? and not ?)
                     or (username = ? and client_address = ?))""", Timestamp.class,
                Timestamp.from(now), username, address, username, ANY, known, ANY, address);
        return until.stream().filter(t -> t != null).findFirst().map(Timestamp::toInstant);
    }

    /** Counts a wrong password and starts whichever locks it brings to their limit. */
    Failure failed(String username, String address, boolean known, Instant now) {
        if (failuresSeen.incrementAndGet() % CLEAN_EVERY == 0) {
            forgetOld(now);
        }
        int[] pair = count(username, address, now);
        Instant pairLock = pair[0] >= PAIR_LIMIT ? lock(username, address, now.plus(PAIR_LOCK)) : null;
        Instant accountLock = null;
        if (!known) {
            int[] account = count(username, ANY, now);
            if (account[0] >= ACCOUNT_LIMIT) {
                // Each further lock lasts twice as long as the one before, up to a day.
                Duration length = ACCOUNT_LOCK.multipliedBy(1L << Math.min(account[1], 10));
                accountLock = lock(username, ANY, now.plus(length.compareTo(ACCOUNT_LOCK_MAX) > 0
                        ? ACCOUNT_LOCK_MAX : length));
            }
        }
        int[] fromAddress = count(ANY, address, now);
        Instant addressLock = fromAddress[0] >= ADDRESS_LIMIT ? lock(ANY, address, now.plus(ADDRESS_LOCK)) : null;
        return new Failure(pair[0], pairLock, accountLock, addressLock);
    }

    /** The right password: this address starts afresh and is from now on one of the owner's. */
    void succeeded(String username, String address, Instant now) {
        jdbc.update("delete from login_throttle where username = ? and client_address = ?", username, address);
        jdbc.update("""
                insert into login_known_address (username, client_address, last_success) values (?, ?, ?)
                on conflict (username, client_address) do update set last_success = excluded.last_success""",
                username, address, Timestamp.from(now));
    }

    /** Lifts every lock of the name and forgets its counts (an administrator's unlock). */
    void clear(String username) {
        jdbc.update("delete from login_throttle where username = ?", username);
    }

    /** {failures, locks so far} after counting one more failure. */
    private int[] count(String username, String address, Instant now) {
        return jdbc.queryForObject("""
                insert into login_throttle (username, client_address, failures, last_failure) values (?, ?, 1, ?)
                on conflict (username, client_address) do update set
                    failures = case when login_throttle.last_failure < ? then 1 else login_throttle.failures + 1 end,
                    last_failure = excluded.last_failure
                returning failures, locks""", (rs, i) -> new int[] {rs.getInt(1), rs.getInt(2)},
                username, address, Timestamp.from(now), Timestamp.from(now.minus(QUIET)));
    }

    private Instant lock(String username, String address, Instant until) {
        jdbc.update("update login_throttle set failures = 0, locks = locks + 1, locked_until = ? "
                + "where username = ? and client_address = ?", Timestamp.from(until), username, address);
        return until;
    }

    /** Counts nobody has added to for a day and whose lock is over (names typed once and never again). */
    private void forgetOld(Instant now) {
        jdbc.update("delete from login_throttle where last_failure < ? and (locked_until is null or locked_until < ?)",
                Timestamp.from(now.minus(Duration.ofDays(1))), Timestamp.from(now));
        jdbc.update("delete from login_known_address where last_success < ?", Timestamp.from(now.minus(KNOWN_FOR)));
    }
}
