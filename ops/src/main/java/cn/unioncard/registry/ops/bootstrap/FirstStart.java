package cn.unioncard.registry.ops.bootstrap;

import cn.unioncard.registry.command.account.OneTimePasswords;
import cn.unioncard.registry.command.account.TokenVersions;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.CreateUserAccount;
import cn.unioncard.registry.events.account.PasswordRules;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.union.RegisterUnion;
import cn.unioncard.registry.events.union.UnionForm;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.events.validation.Violations;
import cn.unioncard.registry.ops.RegistryProperties;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.UUID;

/**
 * On the very first start: the city federation (root of the union tree) and the card office's
 * {@code admin} account, both as events by the registry's own SYSTEM actor. Later starts find
 * them and do nothing. Registries starting at once on one fresh database take turns (an advisory lock
 * held to the end of the transaction that creates them), so one creates them and the others find them.
 */
@Component
class FirstStart implements ApplicationRunner {

    static final String ADMIN = "admin";

    /** The configured first password breaks the password rules; names the rules, never the password. */
    static final class WeakAdminPassword extends IllegalStateException {
        final List<String> codes;

        WeakAdminPassword(List<String> codes) {
            super("REGISTRY_ADMIN_PASSWORD breaks the password rules " + codes);
            this.codes = codes;
        }
    }
    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);
    private static final long LOCK = 0x55_43_52_46_49_52_53_54L; // "UCRFIRST"

    private final CommandGateway commands;
    private final UnionTree unions;
    private final TokenVersions accounts;
    private final OneTimePasswords passwords;
    private final RegistryProperties properties;
    private final TransactionTemplate tx;
    private final JdbcTemplate jdbc;
    private final String cityName;

    FirstStart(CommandGateway commands, UnionTree unions, TokenVersions accounts, OneTimePasswords passwords,
               RegistryProperties properties, TransactionTemplate tx, JdbcTemplate jdbc) {
        this.tx = tx;
        this.jdbc = jdbc;
        this.commands = commands;
        this.unions = unions;
        this.accounts = accounts;
        this.passwords = passwords;
        this.properties = properties;
        this.cityName = properties.cityName();
    }

    @Override
    public void run(ApplicationArguments args) {
        tx.executeWithoutResult(status -> {
            jdbc.query("select pg_advisory_xact_lock(?)", rs -> null, LOCK);
            createWhatIsMissing();
        });
    }

    private void createWhatIsMissing() {
        String cityId = cityId();
        if (cityId == null) {
            cityId = UUID.randomUUID().toString();
            send(new RegisterUnion(cityId, UnionForm.named(null, UnionLevel.CITY, cityName)), cityId);
            log.info("Created the city federation union (system code 00)");
        }
        // Every account has a token version from its creation on: none means no admin account yet.
        if (accounts.current(ADMIN).isEmpty()) {
            String configured = properties.adminPassword();
            boolean generated = configured == null || configured.isBlank();
            if (!generated) {
                Violations v = PasswordRules.check("REGISTRY_ADMIN_PASSWORD", ADMIN, configured, new Violations());
                if (v.hasErrors()) {
                    throw new WeakAdminPassword(v.list().stream().map(Violation::code).toList());
                }
            }
            String password = generated ? passwords.generate() : configured;
            send(new CreateUserAccount(ADMIN, "市总工会卡办公室", Role.CITY_ADMIN, cityId, passwords.hash(password),
                    generated), cityId);
            if (generated) {
                // Printed this once only, as the issue asks; it must be changed at first login.
                log.warn("Created the city admin account '{}' with the one-time password {} — change it at first login",
                        ADMIN, password);
            } else {
                log.info("Created the city admin account '{}' with the password from REGISTRY_ADMIN_PASSWORD", ADMIN);
            }
        }
    }

    private String cityId() {
        return unions.root().map(UnionTree.Node::unionId).orElse(null);
    }

    private void send(Object command, String cityId) {
        Actor system = Actor.system(cityId, "first-start-" + UUID.randomUUID());
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(AuditMetadata.of(system)));
    }
}
