package cn.unioncard.registry.query.member;

import cn.unioncard.registry.query.projection.ProjectionRow;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;

/** One member as the registry shows it; masking happens when it is read, not here. */
@Entity
@Table(name = "member_view")
class MemberEntry extends ProjectionRow {
    @Id
    String id;
    @Column(name = "union_id")
    String unionId;
    @Column(name = "union_path")
    String unionPath;
    @Enumerated(EnumType.STRING)
    MemberStatus status;
    String name;
    @Column(name = "id_number")
    String idNumber;
    @Column(name = "id_tail")
    String idTail;
    String mobile;
    @JdbcTypeCode(SqlTypes.JSON)
    MemberDetails details;
    boolean authorised;
    @Column(name = "authorised_on")
    LocalDate authorisedOn;
    long version;
    @Column(name = "registered_at")
    Instant registeredAt;
    @Column(name = "updated_at")
    Instant updatedAt;
    /** When the member's personal data was erased; null while it is held. */
    @Column(name = "erased_at")
    Instant erasedAt;

    @Override
    public String getId() {
        return id;
    }

    void show(MemberDetails d) {
        details = d;
        name = d.name();
        idNumber = d.idNumber();
        idTail = d.idNumber().substring(Math.max(0, d.idNumber().length() - 4));
        mobile = d.mobile();
    }
}
