package org.lmc.web.pages;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.resteasy.reactive.RestForm;

/** A test-only page with one form, guarded like the signed-in pages: it counts the posts it accepts. */
@Path("/test/forms")
@PermitAll
@FormTokenChecked
public class FormResource {
    static final AtomicInteger ACCEPTED = new AtomicInteger();

    private final FormToken token;

    FormResource(FormToken token) {
        this.token = token;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String form() {
        return "<form method=\"post\"><input type=\"hidden\" name=\"" + token.field() + "\" value=\"" + token.value() + "\"></form>";
    }

    @POST
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.APPLICATION_JSON})
    @Produces(MediaType.TEXT_PLAIN)
    public String post(@RestForm String note) {
        return "accepted " + note + " " + ACCEPTED.incrementAndGet();
    }
}
