package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.Violations;

/**
 * Who may import what where, in the registry's refusal order: scope (404), the role (403), the
 * union's level (400). Asked before an upload is stored and again when the job is started.
 */
final class ImportAccess {

    private ImportAccess() {
    }

    static UnionTree.Node require(UnionTree tree, Actor actor, ImportKind kind, String unionId) {
        UnionTree.Node union = tree.requireWritable(actor, unionId);
        (kind == ImportKind.MEMBERS ? Permission.IMPORT_MEMBERS : Permission.IMPORT_UNIONS).require(actor);
        UnionLevel needed = kind == ImportKind.MEMBERS ? UnionLevel.GRASSROOTS : UnionLevel.DISTRICT;
        if (union.level() != needed) {
            new Violations().error("unionId", kind == ImportKind.MEMBERS ? "union.not-grassroots" : "union.not-district",
                    kind == ImportKind.MEMBERS ? "会员只能导入到基层工会" : "基层工会只能导入到区、产业工会",
                    kind == ImportKind.MEMBERS ? "members are imported into grassroots unions only"
                            : "grassroots unions are imported into district unions only").throwIfAny();
        }
        return union;
    }
}
