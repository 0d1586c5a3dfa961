package org.lmc.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** A test-only resource acting for a seat through {@link SeatHolder}: answers the subject the seat is bound to. */
@Path("/test/seats")
@RolesAllowed(Caller.DISTRICT)
public class SeatResource {
    private final Caller caller;

    SeatResource(Caller caller) {
        this.caller = caller;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> act(@QueryParam("email") String email, @QueryParam("bound") String bound) {
        return Map.of("boundSubject", SeatHolder.requireHolder(caller, email, bound, "seat " + email));
    }
}
