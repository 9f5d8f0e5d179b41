package cn.unioncard.registry.query.member;

/** A union's member list, read from the narrow columns it shows. */
class MemberListing {

    static final String PAGE_SQL_HEAD = "select id, name, id_number, mobile, status, authorised, version from member_view ";
    static final String PAGE_SQL_TAIL = " order by name, id offset :offset rows fetch first :limit rows only";
}
