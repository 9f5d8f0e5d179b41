package cn.unioncard.registry.query.account;

import cn.unioncard.registry.query.projection.ProjectionRow;
import cn.unioncard.registry.events.account.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One account as the directory shows it: never a password or hash. */
@Entity
@Table(name = "account_view")
class AccountEntry extends ProjectionRow {
    @Id
    String username;
    @Column(name = "display_name")
    String displayName;
    @Enumerated(EnumType.STRING)
    Role role;
    @Column(name = "organisation_id")
    String organisationId;
    /** The path of the account's union ({@code /root/…/self/}), copied from the union directory. */
    @Column(name = "union_path")
    String unionPath;
    @Column(name = "password_change_required")
    boolean passwordChangeRequired;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "last_login_at")
    Instant lastLoginAt;
    @Column(name = "locked_until")
    Instant lockedUntil;

    @Override
    public String getId() {
        return username;
    }
}
