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
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/** Implements {@link Idempotent}: the key record and the creation commit in one transaction. */
@Idempotent
@Interceptor
// Before @Transactional's interceptor, so that the resource's work joins the transaction opened here.
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class IdempotencyInterceptor {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    /** How long a key is remembered. */
    static final String RETENTION = "24 hours";

    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext(?), hashtext(?))";
    private static final String FIND = "SELECT fingerprint, status, location, body FROM lmc_idempotency"
            + " WHERE caller = ? AND idem_key = ? AND created_at > now() - interval '" + RETENTION + "'";
    private static final String STORE = "INSERT INTO lmc_idempotency (caller, idem_key, fingerprint, status, location, body)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (caller, idem_key) DO UPDATE SET fingerprint = excluded.fingerprint,"
            + " status = excluded.status, location = excluded.location, body = excluded.body, created_at = now()";

    private final HttpServerRequest request;
    private final Caller caller;
    private final DataSource dataSource;
    private final ObjectMapper json;

    IdempotencyInterceptor(HttpServerRequest request, Caller caller, DataSource dataSource, ObjectMapper json) {
        this.request = request;
        this.caller = caller;
        this.dataSource = dataSource;
        this.json = json;
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
        String fingerprint = fingerprint(ctx);
        return QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                if (!tryLock(c, owner, key)) {
                    throw ProblemException.conflict("idempotency-key-in-use",
                            "a request with this Idempotency-Key is still being processed; retry later");
                }
                Response stored = replay(c, owner, key, fingerprint);
                if (stored != null) {
                    return stored;
                }
                Object result = ctx.proceed();
                if (result instanceof Response response && response.getStatus() < 300) {
                    store(c, owner, key, fingerprint, response);
                }
                return result;
            }
        });
    }

    private String fingerprint(InvocationContext ctx) throws JsonProcessingException, NoSuchAlgorithmException {
        List<Object> arguments = new ArrayList<>();
        for (Object p : ctx.getParameters()) {
            if (!(p instanceof UriInfo) && !(p instanceof HttpHeaders)) {
                arguments.add(p);
            }
        }
        String canonical = request.method() + " " + request.path() + "\n" + json.writeValueAsString(arguments);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    private static boolean tryLock(Connection c, String owner, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(LOCK)) {
            s.setString(1, owner);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static Response replay(Connection c, String owner, String key, String fingerprint) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(FIND)) {
            s.setString(1, owner);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                if (!rs.getString("fingerprint").equals(fingerprint)) {
                    throw ProblemException.rule("idempotency-key-reused", HEADER,
                            "this Idempotency-Key was already used for a different request");
                }
                Response.ResponseBuilder replay = Response.status(rs.getInt("status")).header(REPLAYED, "true");
                if (rs.getString("location") != null) {
                    replay.header(HttpHeaders.LOCATION, rs.getString("location"));
                }
                if (rs.getString("body") != null) {
                    replay.entity(rs.getString("body")).type(MediaType.APPLICATION_JSON_TYPE);
                }
                return replay.build();
            }
        }
    }

    private void store(Connection c, String owner, String key, String fingerprint, Response response)
            throws SQLException, JsonProcessingException {
        try (PreparedStatement s = c.prepareStatement(STORE)) {
            s.setString(1, owner);
            s.setString(2, key);
            s.setString(3, fingerprint);
            s.setInt(4, response.getStatus());
            s.setString(5, response.getLocation() == null ? null : response.getLocation().toString());
            s.setString(6, response.hasEntity() ? json.writeValueAsString(response.getEntity()) : null);
            s.executeUpdate();
        }
    }
}
