package org.lmc.web.pages;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.lmc.web.Problem;
import org.lmc.web.ProblemException;

/**
 * Refuses an unsafe request to a {@link FormTokenChecked} page unless it is a form whose token field repeats the
 * browser's form-token cookie: 400 with a page that says to reload, before the resource runs, so nothing changes.
 */
public class FormTokenCheck {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @ServerRequestFilter
    @WithFormRead
    @FormTokenChecked
    public Optional<jakarta.ws.rs.core.Response> check(jakarta.ws.rs.container.ContainerRequestContext request, RoutingContext routing) {
        if (SAFE.contains(request.getMethod())) {
            return Optional.empty();
        }
        FormData form = CurrentRequestManager.get().getFormData();
        FormValue submitted = form == null ? null : form.getFirst(FormToken.FIELD);
        if (submitted == null || submitted.isFileItem() || !FormToken.matches(routing, submitted.getValue())) {
            throw new ProblemException(400, "form-token", "The form cannot be accepted", "the form was not sent from this site's"
                    + " page, or the page is too old: go back, reload the page and send the form again",
                    List.of(new Problem.FieldError(FormToken.FIELD, "missing or not this browser's")));
        }
        return Optional.empty();
    }
}
