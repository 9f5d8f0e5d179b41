package cn.unioncard.registry.query.member;

import cn.unioncard.registry.query.audit.MembersUnder;
import org.springframework.stereotype.Component;

/** The member directory's answer to the access log's union filter: its path index (member_view_path) serves it. */
@Component
public class MembersUnderUnion implements MembersUnder {

    @Override
    public String condition(String column) {
        return column + " in (select id from member_view where union_path like ? escape '\\')";
    }
}
