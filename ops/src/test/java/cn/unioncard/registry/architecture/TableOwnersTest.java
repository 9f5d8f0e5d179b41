package cn.unioncard.registry.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One owner per table: every table the migrations create belongs to one capability package, and
 * only that package (and the readers declared here, each for a stated reason) names it in its
 * code. Everyone else asks the owner, through a small public class of the owner's package.
 */
class TableOwnersTest {

    private static final String ROOT = "cn.unioncard.registry.";

    /** A table's owning package and the packages that may also name it. */
    record Owner(String pkg, Set<String> readers) {
        static Owner of(String pkg, String... readers) {
            return new Owner(ROOT + pkg, Stream.of(readers).map(r -> ROOT + r).collect(Collectors.toSet()));
        }
    }

    /*
     * Axon's own tables belong to ops.axon, which configures the engine. Declared readers: integrity
     * (the hash chain is computed over the events as stored), ops.projections (the dead letters it
     * shows and retries), query.projection (a projection's progress: the store head and the stored
     * tokens of every segment, which Axon's API gives only to the segment's owner), query.statistics
     * (statistics as of an instant are recomputed from the events stored up to it, read in one stream),
     * query.audit (a member's access report gives each change its global position).
     */
    static final Map<String, Owner> OWNERS = Map.ofEntries(
            entry("domain_event_entry", Owner.of("ops.axon", "integrity", "query.projection", "query.statistics",
                    "query.audit")),
            entry("snapshot_event_entry", Owner.of("ops.axon")),
            entry("token_entry", Owner.of("ops.axon", "query.projection", "ops.scaleout", "ops.projections")),
            entry("registry_process", Owner.of("ops.scaleout")),
            entry("dead_letter_entry", Owner.of("ops.axon", "ops.projections")),
            entry("union_lookup", Owner.of("command.scope")),
            entry("union_code_sequence", Owner.of("command.scope")),
            entry("account_credential", Owner.of("command.account")),
            entry("login_throttle", Owner.of("command.account")),
            entry("login_known_address", Owner.of("command.account")),
            entry("membership_lookup", Owner.of("command.member")),
            entry("import_job", Owner.of("command.imports")),
            entry("batch_membership", Owner.of("command.batch")),
            entry("batch_lookup", Owner.of("command.batch")),
            entry("card_number_index", Owner.of("command.card")),
            entry("card_holder", Owner.of("command.card")),
            entry("offline_key", Owner.of("command.das")),
            entry("offline_report", Owner.of("command.das")),
            entry("union_view", Owner.of("query.union")),
            entry("account_view", Owner.of("query.account")),
            entry("member_view", Owner.of("query.member")),
            // query.batch is listed only because batch_view (V20) has a column named member_count: the
            // scan sees words, not SQL. It never reads the table.
            entry("member_count", Owner.of("query.member", "query.batch")),
            entry("member_access", Owner.of("query.audit")),
            entry("member_concern", Owner.of("query.audit")),
            entry("access_denial", Owner.of("query.audit.alert")),
            entry("audit_alert", Owner.of("query.audit.alert")),
            entry("alert_signal", Owner.of("query.audit.alert")),
            entry("actor_activity", Owner.of("query.audit.alert")),
            entry("import_job_view", Owner.of("query.imports")),
            entry("import_member_row", Owner.of("query.imports")),
            entry("batch_view", Owner.of("query.batch")),
            entry("batch_member_view", Owner.of("query.batch")),
            entry("statistics_union", Owner.of("query.statistics")),
            entry("statistics_member", Owner.of("query.statistics")),
            entry("statistics_count", Owner.of("query.statistics")),
            entry("card_view", Owner.of("query.card")),
            entry("card_change_view", Owner.of("query.card")),
            entry("card_issuance_run_view", Owner.of("query.card")),
            entry("card_issuance_row_view", Owner.of("query.card")),
            entry("event_seal", Owner.of("integrity")),
            entry("event_gap", Owner.of("integrity")),
            entry("chain_checkpoint", Owner.of("integrity")),
            entry("chain_checkpoint_superseded", Owner.of("integrity")),
            entry("chain_rebase", Owner.of("integrity")),
            entry("data_key", Owner.of("privacy")),
            entry("idempotency_record", Owner.of("ops.idempotency")));

    /**
     * Classes that may name any table. Flyway Java migrations (such as V9, which encrypts events
     * stored before encryption existed) change the schema's data once, as its owner, like the SQL
     * migrations. The erasure vacuum is maintenance of every table an erased member's rows lived in,
     * not ownership of them.
     */
    static boolean exempt(JavaClass c) {
        return c.isAssignableTo(JavaMigration.class)
                || c.getName().equals(ROOT + "privacy.RowRemnants")
                || c.getName().startsWith(ROOT + "privacy.RowRemnants$");
    }

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");

    @Test
    void everyTableOfTheMigrationsHasAnOwner() {
        assertThat(OWNERS.keySet()).as("owned tables").containsExactlyInAnyOrderElementsOf(migrationTables());
    }

    @Test
    void onlyATablesOwnerAndItsDeclaredReadersNameItInTheirCode() {
        List<String> violations = new ArrayList<>();
        for (JavaClass c : RegistryClasses.imported()) {
            if (exempt(c)) {
                continue;
            }
            Set<String> named = tablesNamedIn(c);
            for (String table : named) {
                Owner owner = OWNERS.get(table);
                if (owner != null && !within(c.getPackageName(), owner.pkg())
                        && owner.readers().stream().noneMatch(r -> within(c.getPackageName(), r))) {
                    violations.add(c.getName() + " names " + table + ", owned by " + owner.pkg());
                }
            }
        }
        assertThat(violations).as("tables named outside their owner; ask the owner instead").isEmpty();
    }

    /** The scan sees what it is for: a table named in a text block, and one in an annotation. */
    @Test
    void theScanFindsTablesInStringsAndAnnotations() {
        JavaClass projection = RegistryClasses.imported().get(ROOT + "query.account.AccountProjection");
        JavaClass entry = RegistryClasses.imported().get(ROOT + "query.union.UnionEntry");
        assertThat(tablesNamedIn(projection)).contains("account_view");
        assertThat(tablesNamedIn(entry)).containsExactly("union_view");
    }

    private static boolean within(String pkg, String owner) {
        return pkg.equals(owner) || pkg.startsWith(owner + ".");
    }

    static Set<String> migrationTables() {
        Set<String> tables = new TreeSet<>();
        try {
            Resource[] migrations = new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:db/migration/*.sql");
            assertThat(migrations).as("migrations on the classpath").isNotEmpty();
            for (Resource migration : migrations) {
                String sql = migration.getContentAsString(StandardCharsets.UTF_8).replaceAll("--[^\n]*", "");
                Matcher m = CREATE_TABLE.matcher(sql);
                while (m.find()) {
                    tables.add(m.group(1).toLowerCase());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tables;
    }

    /** The owned tables a class names as a whole word in its constant pool (string literals, annotation values). */
    static Set<String> tablesNamedIn(JavaClass c) {
        Set<String> named = new TreeSet<>();
        for (String text : utf8Constants(c)) {
            for (String table : OWNERS.keySet()) {
                if (Pattern.compile("(?<![A-Za-z0-9_])" + table + "(?![A-Za-z0-9_])").matcher(text).find()) {
                    named.add(table);
                }
            }
        }
        return named;
    }

    /**
     * Every UTF-8 entry of the class file's constant pool: the text of each string literal (a text
     * block, a constant folded in) and each annotation's string value, besides names and descriptors.
     * ArchUnit does not expose them, so the pool is read here (JVMS §4.4).
     */
    static List<String> utf8Constants(JavaClass c) {
        URI uri = c.getSource().orElseThrow(() -> new IllegalStateException("no class file for " + c.getName()))
                .getUri();
        List<String> texts = new ArrayList<>();
        try (InputStream raw = uri.toURL().openStream(); DataInputStream in = new DataInputStream(raw)) {
            in.readInt(); // magic
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> texts.add(in.readUTF());
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 15 -> in.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++; // a long or double takes two entries
                    }
                    default -> throw new IllegalStateException("constant pool tag " + tag + " in " + c.getName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }
}
