package cn.unioncard.registry.events.codes;

/**
 * An entry of a code table. Events store {@link #code()} (as the seed writes it), screens and
 * exports show {@link #label()}: a relabelled entry then never rewrites history.
 */
public interface CodedValue {

    String code();

    String label();
}
