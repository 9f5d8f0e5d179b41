package cn.unioncard.registry.command.member;

import java.util.Collection;

/**
 * Makes the data keys of many new members in one statement before their events are written, so
 * that sealing a chunk of imported members costs no query per member. Implemented where the keys
 * live (the application's privacy home); this side never holds a key.
 */
public interface DataKeys {

    /** Creates, in the current transaction, the keys these subjects do not have yet. */
    void prepare(Collection<String> subjects);
}
