package cn.unioncard.registry.ops.database;

/** Where the registry's database is: the embedded server or the one REGISTRY_DB_URL names. */
public interface DatabaseEndpoint extends AutoCloseable {
    String url();

    String user();

    String password();

    /** The URL without credentials or parameters, safe to print. */
    default String describe() {
        String u = url();
        int q = u.indexOf('?');
        return q < 0 ? u : u.substring(0, q);
    }

    @Override
    default void close() {
    }
}
