package cn.unioncard.registry.it.member;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RegisterImportedMembers;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.testing.MemberData;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A timing harness run by hand, not a test: {@code java -Xmx512m -cp <ops test classpath>
 * cn.unioncard.registry.it.member.ImportTiming import 100000 500} sends N valid rows through
 * {@code RegisterImportedMembers} in chunks (one transaction each, as the job runner does) and
 * times until the member list shows N; {@code ImportTiming typed 2000} times sequential typed
 * registrations over HTTP, to compare a build before and after.
 */
public final class ImportTiming {

    private ImportTiming() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "import";
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        try (RunningRegistry registry = RunningRegistry.startFresh()) {
            Api api = registry.api();
            String admin = api.login(RunningRegistry.ADMIN, RunningRegistry.ADMIN_PASSWORD);
            String city = MemberSupport.cityId(api, admin);
            String district = MemberSupport.district(api, admin, city, "思明区总工会")[0];
            MemberSupport.Grassroots union = MemberSupport.grassroots(api, admin, district, "厦门计时工会委员会",
                    "Operator-Password-T1");
            if (mode.equals("typed")) {
                typed(api, union, 200, 0); // warm-up
                typed(api, union, rows, 1_000_000);
            } else {
                imported(registry, api, union, 2_000, chunk, 5_000_000); // warm-up
                imported(registry, api, union, rows, chunk, 0);
            }
        }
        System.exit(0);
    }

    private static void typed(Api api, MemberSupport.Grassroots union, int rows, int from) {
        long start = System.nanoTime();
        for (int n = 0; n < rows; n++) {
            Api.Response r = api.post("/api/unions/" + union.id() + "/members", union.operator(),
                    MemberData.numbered(from + n).json());
            if (r.status() != 201) {
                throw new IllegalStateException("registration answered " + r.status());
            }
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("TIMING typed %d registrations in %.2f s: %.0f/s%n", rows, s, rows / s);
    }

    private static void imported(RunningRegistry registry, Api api, MemberSupport.Grassroots union, int rows,
                                 int chunk, int from) throws InterruptedException {
        CommandGateway gateway = registry.context().getBean(CommandGateway.class);
        TransactionTemplate tx = registry.context().getBean(TransactionTemplate.class);
        Map<String, ?> actor = AuditMetadata.of(new Actor(union.code(), Role.UNION_OPERATOR, union.id(), "127.0.0.1",
                "corr-timing", null));
        long before = registry.jdbc().queryForObject("select count(*) from member_view where union_id = ?",
                Long.class, union.id());
        String job = "job-" + UUID.randomUUID();
        long start = System.nanoTime();
        long commands = 0;
        for (int at = 0; at < rows; at += chunk) {
            List<RegisterImportedMembers.Row> batch = new ArrayList<>(chunk);
            for (int n = at; n < Math.min(rows, at + chunk); n++) {
                batch.add(new RegisterImportedMembers.Row(n + 2, UUID.randomUUID().toString(),
                        MemberData.numbered(from + n).build()));
            }
            long t = System.nanoTime();
            List<ImportedRow> out = tx.execute(s -> gateway.sendAndWait(GenericCommandMessage.asCommandMessage(
                    new RegisterImportedMembers(job, union.id(), batch)).andMetaData(actor)));
            commands += System.nanoTime() - t;
            if (out.stream().anyMatch(r -> r.result() != RowResult.ACCEPTED)) {
                throw new IllegalStateException("a row was not accepted");
            }
        }
        long sent = System.nanoTime();
        long total;
        do {
            total = api.get("/api/unions/" + union.id() + "/members?size=1", union.operator()).json().path("total")
                    .asLong();
            if (total < before + rows) {
                Thread.sleep(20);
            }
        } while (total < before + rows);
        long listed = System.nanoTime();
        long sealed;
        do {
            sealed = registry.jdbc().queryForObject("select (select coalesce(max(global_index), 0) from event_seal) "
                    + "- (select coalesce(max(global_index), 0) from domain_event_entry)", Long.class);
            if (sealed < 0) {
                Thread.sleep(50);
            }
        } while (sealed < 0);
        long chained = System.nanoTime();
        double s = (listed - start) / 1e9;
        System.out.printf("TIMING import %d rows, chunk %d: listed after %.2f s (%.0f rows/s; commands %.2f s), "
                        + "sealed after %.2f s; heap used %d MB of max %d MB%n", rows, chunk, s, rows / s,
                commands / 1e9, (chained - start) / 1e9,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }
}
