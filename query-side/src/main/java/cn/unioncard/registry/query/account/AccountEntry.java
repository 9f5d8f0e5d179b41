package cn.unioncard.registry.query.account;

import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.query.projection.ProjectionRow;
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
    String displayName;
    @Enumerated(EnumType.STRING)
    Role role;
    String organisationId;
    /** The path of the account's union ({@code /root/…/self/}), copied from the union directory. */
    String unionPath;
    boolean passwordChangeRequired;
    Instant createdAt;
    Instant lastLoginAt;
    Instant lockedUntil;

    @Override
    public String getId() {
        return username;
    }
}
