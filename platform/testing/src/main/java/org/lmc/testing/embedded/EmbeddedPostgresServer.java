package org.lmc.testing.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL 17 from the zonky binaries artifact: a real server process, no Docker, works as root. A server with its
 * own data directory can be taken down abruptly and started again on the same data and port ({@link #restart}), as
 * the local stack's fault harness does.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    /** How the server is taken down before a restart: PostgreSQL's own shutdown modes, by the signal each one is. */
    public enum Shutdown {
        /** SIGINT: open sessions are ended, a checkpoint is written. */
        FAST("INT"),
        /** SIGQUIT: everything stops at once, no checkpoint; the next start runs crash recovery from the WAL. */
        IMMEDIATE("QUIT");

        private final String signal;

        Shutdown(String signal) {
            this.signal = signal;
        }
    }

    private final Path dataDirectory;
    private final Map<String, String> serverConfig;
    private EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, Map<String, String> serverConfig) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.serverConfig = Map.copyOf(serverConfig);
    }

    /**
     * Starts a server on {@code port} (0: any free port). With a {@code dataDirectory} the data survives
     * restarts; without one a fresh temporary cluster is made and removed on close.
     */
    public static EmbeddedPostgresServer start(int port, Path dataDirectory, Map<String, String> serverConfig) {
        Ports.requireFree(port, "PostgreSQL", "LMC_POSTGRES_PORT");
        return new EmbeddedPostgresServer(launch(Ports.orFree(port), dataDirectory, serverConfig), dataDirectory, serverConfig);
    }

    private static EmbeddedPostgres launch(int port, Path dataDirectory, Map<String, String> serverConfig) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            serverConfig.forEach(builder::setServerConfig);
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Takes the server down the way {@code shutdown} says, waits until the postmaster has exited, then starts a new
     * server on the same data directory and port. Only for a server with its own data directory (a temporary cluster
     * would be deleted on the way down).
     */
    public synchronized void restart(Shutdown shutdown) {
        if (dataDirectory == null) {
            throw new IllegalStateException("a temporary PostgreSQL cluster cannot be restarted: its data is removed when it stops");
        }
        int port = port();
        try {
            // The postmaster's pid from its own lock file: the process zonky launched is a wrapper (unshare) that is gone.
            long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.US_ASCII).get(0).trim());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster with pid " + pid));
            Process signal = new ProcessBuilder("kill", "-" + shutdown.signal, Long.toString(postmaster.pid()))
                    .redirectErrorStream(true).start();
            if (!signal.waitFor(10, TimeUnit.SECONDS) || signal.exitValue() != 0) {
                throw new IllegalStateException("kill -" + shutdown.signal + " " + postmaster.pid() + " failed");
            }
            postmaster.onExit().get(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal PostgreSQL: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while PostgreSQL stopped", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("PostgreSQL did not stop after SIG" + shutdown.signal + ": " + e, e);
        }
        // The old handle's pg_ctl stop finds no server (logged by zonky, not thrown); closing it releases its data lock.
        close();
        postgres = launch(port, dataDirectory, serverConfig);
    }

    public synchronized int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Creates {@code database} unless it exists. */
    public void ensureDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a plain lower-case identifier: " + database);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
