package cn.unioncard.registry.privacy;

import cn.unioncard.registry.ops.database.DatabaseEndpoint;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Tells every registry instance on the database that a member's key was destroyed, so that none
 * keeps it cached: a PostgreSQL NOTIFY sent in the erasing transaction (delivered only if it
 * commits), heard here on a connection of its own and polled every second. While that connection
 * is down a notification may be missed, so every cached key is dropped whenever it (re)connects;
 * the cache's 10-minute expiry is the last resort.
 */
@Component
class ErasureNotifications implements SmartLifecycle {

    static final String CHANNEL = "data_key_erased";
    private static final Logger log = LoggerFactory.getLogger(ErasureNotifications.class);

    private final DatabaseEndpoint db;
    private final KeyRing keys;
    private volatile boolean running;
    private Thread listener;

    ErasureNotifications(DatabaseEndpoint db, KeyRing keys) {
        this.db = db;
        this.keys = keys;
    }

    @Override
    public void start() {
        running = true;
        listener = new Thread(this::listen, "data-key-erasures");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password())) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                keys.forgetAll();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] erased = pg.getNotifications(1000);
                    if (erased != null) {
                        for (PGNotification n : erased) {
                            keys.forget(n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("Not hearing about erasures from other instances ({}); retrying in 2 s", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
