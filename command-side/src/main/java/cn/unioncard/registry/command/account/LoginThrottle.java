package cn.unioncard.registry.command.account;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Counts failed logins per (user name, address), per user name from addresses that never logged in
 * to it, and per address, and says which lock applies (README "Logins and lockout"). Names that no
 * account has are counted exactly alike, so their answers cannot tell them apart. Names are kept as
 * keyed hashes ({@link LoginNameKey}). An attempt locks its name's rows ({@link #begin}) before the
 * lock check and holds them until its transaction ends, so parallel guesses at one name are counted
 * one after the other and none gets past its limit. The per-address row is only counted, at the
 * failure: locked for the whole attempt it would queue every login from one address (an office
 * behind one NAT address) behind each other's password check, each holding a pooled connection, so
 * the per-address limit may be passed by as many guesses as are in flight at once. Every statement
 * that locks rows takes them in {@link #ORDER}.
 */
@Component
class LoginThrottle {

    static final int PAIR_LIMIT = 5;
    static final Duration PAIR_LOCK = Duration.ofMinutes(15);
    static final int ACCOUNT_LIMIT = 20;
    /** Never longer, never doubled: this lock can be started by anyone who knows the name. */
    static final Duration ACCOUNT_LOCK = Duration.ofMinutes(15);
    static final int ADDRESS_LIMIT = 50;
    static final Duration ADDRESS_LOCK = Duration.ofMinutes(15);
    /** A count starts again after this long without a failure. */
    static final Duration QUIET = Duration.ofHours(1);
    /** An address counts as the owner's for this long after its last successful login. */
    static final Duration KNOWN_FOR = Duration.ofDays(180);
    /** Rows without a failure for this long, and not locked, are deleted. */
    static final Duration FORGET_AFTER = Duration.ofDays(1);
    private static final String ANY = "*";

    /** One row of the table: a hashed name (or *) and an address key (or *). */
    record Row(String name, String address) {
    }

    /**
     * The one order in which rows are locked, by logins and unlocks alike (else they could deadlock):
     * a name's rows first, the per-address rows (name *) last, as a failed login counts them.
     */
    static final Comparator<Row> ORDER = Comparator.comparing((Row r) -> r.name().equals(ANY))
            .thenComparing(Row::name).thenComparing(Row::address);

    /** One login attempt whose rows are locked: the name's key, the address, whether the owner's. */
    record Attempt(String nameKey, String address, boolean known, Instant now) {
    }

    /** What one more failure led to: the pair's count and each lock it started (null: none). */
    record Failure(int pairFailures, Instant pairLockedUntil, Instant accountLockedUntil,
                   Instant addressLockedUntil) {
        Optional<Instant> lockedUntil() {
            return Stream.of(pairLockedUntil, accountLockedUntil, addressLockedUntil).filter(Objects::nonNull)
                    .max(Comparator.naturalOrder());
        }
    }

    private final JdbcTemplate jdbc;
    private final LoginNameKey names;
    private final Clock clock;

    LoginThrottle(JdbcTemplate jdbc, LoginNameKey names, Clock clock) {
        this.jdbc = jdbc;
        this.names = names;
        this.clock = clock;
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

    private boolean isKnown(String username, String address, Instant now) {
        return !jdbc.queryForList("select 1 from login_known_address where username = ? and client_address = ? "
                + "and last_success > ?", Integer.class, username, address, Timestamp.from(now.minus(KNOWN_FOR))).isEmpty();
    }

    /**
     * An attempt, nothing locked yet: its {@link #lockedUntil} read now refuses a flood against a
     * lock before it costs a row lock, an event load or a password check; {@link #begin} then locks.
     */
    Attempt attempt(String username, String address, Instant now) {
        return new Attempt(names.of(username), address, isKnown(username, address, now), now);
    }

    /**
     * Starts an attempt: creates and locks its name's rows (the pair, and per name from strangers
     * unless the address is the owner's), in {@link #ORDER}, until the transaction ends.
     */
    Attempt begin(Attempt attempt) {
        String address = attempt.address();
        Instant now = attempt.now();
        List<Row> rows = new ArrayList<>(List.of(new Row(attempt.nameKey(), address)));
        if (!attempt.known()) {
            rows.add(new Row(attempt.nameKey(), ANY));
        }
        rows.sort(ORDER);
        for (Row row : rows) {
            // An update on conflict locks an existing row as an insert locks a new one.
            jdbc.update("""
                    insert into login_throttle (username, client_address, failures, last_failure) values (?, ?, 0, ?)
                    on conflict (username, client_address) do update set failures = login_throttle.failures""",
                    row.name(), row.address(), Timestamp.from(now));
        }
        return attempt;
    }

    /** The end of the latest lock that keeps this attempt's address from trying its name, if any. */
    Optional<Instant> lockedUntil(Attempt a) {
        List<Timestamp> until = jdbc.queryForList("""
                select max(locked_until) from login_throttle
                 where locked_until > ?
                   and ((username = ? and client_address = ?)
                     or (username = ? and client_address = ? and not ?)
                     or (username = ? and client_address = ?))""", Timestamp.class,
                Timestamp.from(a.now()), a.nameKey(), a.address(), a.nameKey(), ANY, a.known(), ANY, a.address());
        return until.stream().filter(t -> t != null).findFirst().map(Timestamp::toInstant);
    }

    /** Counts a wrong password and starts whichever locks it brings to their limit. */
    Failure failed(Attempt a) {
        Instant now = a.now();
        int pair = count(a.nameKey(), a.address(), now);
        Instant pairLock = pair >= PAIR_LIMIT ? lock(a.nameKey(), a.address(), now.plus(PAIR_LOCK)) : null;
        Instant accountLock = null;
        if (!a.known() && count(a.nameKey(), ANY, now) >= ACCOUNT_LIMIT) {
            accountLock = lock(a.nameKey(), ANY, now.plus(ACCOUNT_LOCK));
        }
        int fromAddress = count(ANY, a.address(), now);
        Instant addressLock = fromAddress >= ADDRESS_LIMIT ? lock(ANY, a.address(), now.plus(ADDRESS_LOCK)) : null;
        return new Failure(pair, pairLock, accountLock, addressLock);
    }

    /** The right password: this address starts afresh and is from now on one of the owner's. */
    void succeeded(String username, Attempt a) {
        jdbc.update("delete from login_throttle where username = ? and client_address = ?", a.nameKey(), a.address());
        jdbc.update("""
                insert into login_known_address (username, client_address, last_success) values (?, ?, ?)
                on conflict (username, client_address) do update set last_success = excluded.last_success""",
                username, a.address(), Timestamp.from(a.now()));
    }

    /**
     * An administrator's unlock: forgets every count and lock of the name (from each address and from
     * strangers) and the per-address count and lock of each address the account has logged in from.
     */
    void clear(String username) {
        String key = names.of(username);
        List<Row> rows = new ArrayList<>(jdbc.query("select username, client_address from login_throttle where username = ?",
                (rs, i) -> new Row(rs.getString(1), rs.getString(2)), key));
        rows.addAll(jdbc.query("select client_address from login_known_address where username = ?",
                (rs, i) -> new Row(ANY, rs.getString(1)), username));
        rows.sort(ORDER);
        for (Row row : rows) {
            jdbc.update("delete from login_throttle where username = ? and client_address = ?",
                    row.name(), row.address());
        }
    }

    /** Failures after counting one more. */
    private int count(String nameKey, String address, Instant now) {
        return jdbc.queryForObject("""
                insert into login_throttle (username, client_address, failures, last_failure) values (?, ?, 1, ?)
                on conflict (username, client_address) do update set
                    failures = case when login_throttle.last_failure < ? then 1 else login_throttle.failures + 1 end,
                    last_failure = excluded.last_failure
                returning failures""", Integer.class,
                nameKey, address, Timestamp.from(now), Timestamp.from(now.minus(QUIET)));
    }

    private Instant lock(String nameKey, String address, Instant until) {
        jdbc.update("update login_throttle set failures = 0, locked_until = ? "
                + "where username = ? and client_address = ?", Timestamp.from(until), nameKey, address);
        return until;
    }

    /** Every ten minutes: counts nobody added to for a day whose lock is over, and long-unused addresses. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void forgetOld() {
        forgetOld(clock.instant());
    }

    void forgetOld(Instant now) {
        // Rows an attempt holds are skipped (next time): one delete over rows in its own order could deadlock with it.
        jdbc.update("""
                delete from login_throttle where ctid = any(array(
                    select ctid from login_throttle
                     where last_failure < ? and (locked_until is null or locked_until < ?)
                     for update skip locked))""",
                Timestamp.from(now.minus(FORGET_AFTER)), Timestamp.from(now));
        jdbc.update("delete from login_known_address where last_success < ?", Timestamp.from(now.minus(KNOWN_FOR)));
    }
}
