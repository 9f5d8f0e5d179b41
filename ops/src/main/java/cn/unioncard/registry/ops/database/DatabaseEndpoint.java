package cn.unioncard.registry.ops.database;

/**
 * Where the registry's database is: the embedded server or the one REGISTRY_DB_URL names. Two
 * roles: the application's, which may only append to the event store, and the owner's, which
 * runs the migrations. Without a separate owner the application's role runs them too.
 */
public interface DatabaseEndpoint extends AutoCloseable {
    String url();

    /** The application's role (everything but migrations). */
    String user();

    String password();

    /** The role that owns the schema and runs the migrations. */
    default String ownerUser() {
        return user();
    }

    default String ownerPassword() {
        return password();
    }

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
