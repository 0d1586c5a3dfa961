package org.lmc.web.pages;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Where a service without public pages of its own (registration, notification) sends a browser after the portal's
 * sign-out: the identity provider returns only to a path of the service that signed the person out. No session needed.
 */
@Path("/signed-out")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class SignedOutPage {
    private final Template page;

    SignedOutPage(@Location("lmc/signedOut") Template page) {
        this.page = page;
    }

    @GET
    @Operation(hidden = true, summary = "Signed out (HTML)")
    public String signedOut() {
        return page.render();
    }
}
