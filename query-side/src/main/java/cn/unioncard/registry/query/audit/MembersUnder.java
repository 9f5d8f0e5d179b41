package cn.unioncard.registry.query.audit;

/**
 * The members whose current union lies under a union path, as an SQL condition on a column of member
 * ids: the access log's union filter. The member directory answers it (query.member owns the paths),
 * so the access log asks without depending on it.
 */
public interface MembersUnder {

    /** A condition on {@code column} with one parameter: the path prefix followed by {@code %} (escaped with \). */
    String condition(String column);
}
