package org.lmc.web.pages;

import io.quarkus.qute.TemplateData;
import org.lmc.web.Caller;

/**
 * Who is signed in to a district portal page, for the shared session block (tag {@code portalSession}): their name,
 * their organisation, and where this service signs them out. The block links the portal's pages across the services
 * that serve them (teams, plans, inbox) through {@link Site}.
 */
@TemplateData
public record PortalSession(String name, String organisation, String signOutHref) {
    /** The portal's sign-out of this service: {@code /portal/logout}, which ends the session here and at the identity provider. */
    public static final String SIGN_OUT = "/portal/logout";

    public static PortalSession of(Caller caller) {
        return of(caller, SIGN_OUT);
    }

    public static PortalSession of(Caller caller, String signOutHref) {
        return new PortalSession(caller.name(), caller.orgId().orElse("(no organisation)"), signOutHref);
    }
}
