package org.lmc.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** A test-only resource exercising the REST conventions of the library. */
@Path("/test/widgets")
@RolesAllowed({Caller.AGENCY, Caller.ADMIN})
public class WidgetResource {
    private final DataSource dataSource;

    WidgetResource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** {@code quantity} and {@code weight} are read and dropped: they are there for the strict reading of numbers. */
    public record NewWidget(@NotBlank String name, boolean fail, Integer quantity, Double weight) {
    }

    public record Widget(UUID id, String name, Instant createdAt, long version) {
    }

    /**
     * A state change that can happen once, as paying a claim can: a second attempt, after the first committed, is the
     * 409 a client with no Idempotency-Key gets; with the key, every attempt must answer as the first did.
     */
    @POST
    @Path("/{id}/seal")
    @Idempotent
    @Transactional
    public Response seal(@PathParam("id") UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE widget SET version = version + 1 WHERE id = ? AND version = 0"
                        + " RETURNING name, created_at, version")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.conflict("already-sealed", "this widget is sealed already");
                }
                Widget sealed = new Widget(id, rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getLong(3));
                return Response.ok(sealed).header(HttpHeaders.ETAG, ETags.of(sealed.version())).build();
            }
        }
    }

    @POST
    @Idempotent
    @Transactional
    public Response create(@NotNull @Valid NewWidget body, UriInfo uri) throws SQLException {
        Widget widget = new Widget(UUID.randomUUID(), body.name(), Instant.now(), 0);
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO widget (id, name, created_at) VALUES (?, ?, ?)")) {
            s.setObject(1, widget.id());
            s.setString(2, widget.name());
            s.setTimestamp(3, Timestamp.from(widget.createdAt()));
            s.executeUpdate();
        }
        if (body.fail()) {
            throw ProblemException.rule("widget-refused", "fail", "this widget is refused after it was written");
        }
        return Response.created(uri.getAbsolutePathBuilder().path(widget.id().toString()).build()).entity(widget)
                .header(HttpHeaders.ETAG, ETags.of(widget.version())).build();
    }

    @GET
    public Page<Widget> list(@QueryParam("limit") @DefaultValue("2") @Min(1) @Max(100) int limit,
            @QueryParam("after") String after, @QueryParam("prefix") @NotBlank String prefix) throws SQLException {
        Cursor cursor = after == null ? null : Cursor.decode(after, "after");
        String sql = "SELECT id, name, created_at, version FROM widget WHERE name LIKE ?"
                + (cursor == null ? "" : " AND (created_at, id) > (?, ?)") + " ORDER BY created_at, id LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setString(i++, prefix + "%");
            if (cursor != null) {
                s.setTimestamp(i++, Timestamp.from(cursor.time()));
                s.setObject(i++, cursor.id());
            }
            s.setInt(i, limit + 1);
            List<Widget> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Widget(rs.getObject(1, UUID.class), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getLong(4)));
                }
            }
            return Page.of(rows, limit, w -> w, w -> new Cursor(w.createdAt(), w.id()));
        }
    }

    @PUT
    @Path("/{id}")
    @Transactional
    public Response rename(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull @Valid NewWidget body)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long version;
            try (PreparedStatement s = c.prepareStatement("SELECT version FROM widget WHERE id = ? FOR UPDATE")) {
                s.setObject(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw ProblemException.notFound("widget", id);
                    }
                    version = rs.getLong(1);
                }
            }
            ETags.requireMatch(ifMatch, version);
            try (PreparedStatement s = c.prepareStatement("UPDATE widget SET name = ?, version = version + 1 WHERE id = ?")) {
                s.setString(1, body.name());
                s.setObject(2, id);
                s.executeUpdate();
            }
            return Response.noContent().tag(ETags.of(version + 1).replace("\"", "")).build();
        }
    }
}
