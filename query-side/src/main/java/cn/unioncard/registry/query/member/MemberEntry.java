package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberStatus;
import cn.unioncard.registry.query.projection.ProjectionRow;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One member as the registry shows it; masking happens when it is read, not here. Updates write only
 * the columns that changed: a card's cover and a correction of the member arrive from two aggregates
 * whose commands are not serialised, and a whole-row write of either would undo the other.
 */
@Entity
@DynamicUpdate
@Table(name = "member_view")
class MemberEntry extends ProjectionRow {
    @Id
    String id;
    String unionId;
    String unionPath;
    @Enumerated(EnumType.STRING)
    MemberStatus status;
    String name;
    String idNumber;
    String idTail;
    String mobile;
    @JdbcTypeCode(SqlTypes.JSON)
    MemberDetails details;
    boolean authorised;
    LocalDate authorisedOn;
    long version;
    Instant registeredAt;
    Instant updatedAt;
    /** When the member's personal data was erased; null while it is held. */
    Instant erasedAt;
    /** The insurance cover of the member's card: started by an activation, ended by a cancellation or withdrawal. */
    LocalDate coverStartsOn;
    LocalDate coverEndsOn;

    @Override
    public String getId() {
        return id;
    }

    void show(MemberDetails d) {
        details = d;
        name = d.name();
        idNumber = d.idNumber();
        idTail = tailOf(d.idNumber());
        mobile = d.mobile();
    }

    /** The last four characters of an ID number, which the list searches by. */
    static String tailOf(String idNumber) {
        return idNumber.substring(Math.max(0, idNumber.length() - 4));
    }
}
