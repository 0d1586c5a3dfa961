package org.lmc.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import javax.sql.DataSource;

/**
 * Implements {@link Idempotent}: the key is claimed in one statement and its response recorded in one more, both in
 * the transaction of the creation itself, so a key never outlives a rolled-back write. The fingerprint of a request
 * is its method, path, caller and the SHA-256 of its raw body bytes ({@link RequestBodyDigest}).
 */
@Idempotent
@Interceptor
// Before @Transactional's interceptor, so that the resource's work joins the transaction opened here.
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class IdempotencyInterceptor {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";

    /**
     * The claim, in one round trip: the key's transaction-scoped advisory lock (not granted while another request with
     * this key runs), then the live record of an earlier request with this key. Two statements, not one: under READ
     * COMMITTED each reads with a snapshot taken when it starts, and a lock is released only after its holder's commit
     * is visible, so the read that starts after the lock is granted sees the record of any request that held it. Read in
     * the lock's own statement, a request committing between that statement's snapshot and its lock went unseen: the
     * retry ran the change again and answered with its conflict (a payment retried as the first committed answered
     * already-paid, and named no payment).
     */
    private static final String CLAIM = "SELECT pg_try_advisory_xact_lock(hashtext(?), hashtext(?));"
            + " SELECT fingerprint, status, location, etag, body FROM lmc_idempotency"
            + " WHERE caller = ? AND idem_key = ? AND created_at > now() - ? * interval '1 second'";
    /**
     * The record of the response. The claim saw no live record for the key, and held its lock since, so a conflict here
     * is a record outside the claim's view (older than the retention, being replaced): then this request rolls back and
     * its retry replays whatever won.
     */
    private static final String RECORD = "INSERT INTO lmc_idempotency (caller, idem_key, fingerprint, status, location, etag, body)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (caller, idem_key) DO UPDATE SET fingerprint = excluded.fingerprint,"
            + " status = excluded.status, location = excluded.location, etag = excluded.etag, body = excluded.body,"
            + " created_at = now() WHERE lmc_idempotency.created_at <= now() - ? * interval '1 second'";

    private final HttpServerRequest request;
    private final Caller caller;
    private final RequestBodyDigest body;
    private final DataSource dataSource;
    private final ObjectMapper json;
    private final long retentionSeconds;

    IdempotencyInterceptor(HttpServerRequest request, Caller caller, RequestBodyDigest body, DataSource dataSource, ObjectMapper json,
            IdempotencyConfig config) {
        this.request = request;
        this.caller = caller;
        this.body = body;
        this.dataSource = dataSource;
        this.json = json;
        this.retentionSeconds = config.retention().toSeconds();
    }

    @AroundInvoke
    Object around(InvocationContext ctx) throws Exception {
        String key = request.getHeader(HEADER);
        if (key == null) {
            return ctx.proceed();
        }
        if (key.isBlank() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ProblemException.invalid(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        String owner = caller.subject();
        String fingerprint = fingerprint(owner);
        return QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                Response stored = claim(c, owner, key, fingerprint);
                if (stored != null) {
                    return stored;
                }
                Object result = ctx.proceed();
                if (result instanceof Response response && response.getStatus() < 300) {
                    return record(c, owner, key, fingerprint, response);
                }
                return result;
            }
        });
    }

    private String fingerprint(String owner) {
        MessageDigest sha256 = RequestBodyDigest.newDigest();
        sha256.update((request.method().name() + ' ' + request.path() + '\n' + owner + '\n').getBytes(StandardCharsets.UTF_8));
        sha256.update(body.value());
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static ProblemException inFlight() {
        return ProblemException.conflict("idempotency-key-in-use",
                "a request with this Idempotency-Key is still being processed; retry later");
    }

    /** Null when the key is this request's to use; the stored response when it repeats an earlier request. */
    private Response claim(Connection c, String owner, String key, String fingerprint) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(CLAIM)) {
            s.setString(1, owner);
            s.setString(2, key);
            s.setString(3, owner);
            s.setString(4, key);
            s.setLong(5, retentionSeconds);
            s.execute();
            try (ResultSet lock = s.getResultSet()) {
                lock.next();
                if (!lock.getBoolean(1)) {
                    throw inFlight();
                }
            }
            if (!s.getMoreResults()) {
                throw new SQLException("the Idempotency-Key claim returned no record result");
            }
            try (ResultSet rs = s.getResultSet()) {
                if (!rs.next()) {
                    return null;
                }
                String stored = rs.getString("fingerprint");
                if (!stored.equals(fingerprint)) {
                    throw ProblemException.rule("idempotency-key-reused", HEADER,
                            "this Idempotency-Key was already used for a different request");
                }
                Response.ResponseBuilder replay = Response.status(rs.getInt("status")).header(REPLAYED, "true");
                if (rs.getString("location") != null) {
                    replay.header(HttpHeaders.LOCATION, rs.getString("location"));
                }
                if (rs.getString("etag") != null) {
                    replay.header(HttpHeaders.ETAG, rs.getString("etag"));
                }
                if (rs.getString("body") != null) {
                    replay.entity(rs.getString("body")).type(MediaType.APPLICATION_JSON_TYPE);
                }
                return replay.build();
            }
        }
    }

    /** Records the response and answers with the very bytes recorded, so that a replay is identical to the first answer. */
    private Response record(Connection c, String owner, String key, String fingerprint, Response response)
            throws SQLException, JsonProcessingException {
        String entity = response.hasEntity() ? json.writeValueAsString(response.getEntity()) : null;
        try (PreparedStatement s = c.prepareStatement(RECORD)) {
            s.setString(1, owner);
            s.setString(2, key);
            s.setString(3, fingerprint);
            s.setInt(4, response.getStatus());
            s.setString(5, response.getLocation() == null ? null : response.getLocation().toString());
            s.setString(6, response.getHeaderString(HttpHeaders.ETAG));
            s.setString(7, entity);
            s.setLong(8, retentionSeconds);
            if (s.executeUpdate() == 0) {
                throw inFlight();
            }
        }
        return entity == null ? response : Response.fromResponse(response).entity(entity).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
