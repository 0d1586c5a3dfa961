package org.lmc.web.pages;

import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.List;

/**
 * The pages' navigation between services, from the configured base URLs: a page template reads it as
 * {@code inject:site}. A link to this service's own pages is relative, so it works behind any host name.
 */
@ApplicationScoped
@Named("site")
public class Site {
    /** One entry of the top navigation. */
    @TemplateData
    public record Link(String label, String href, String section) {
    }

    private final PageConfig config;

    Site(PageConfig config) {
        this.config = config;
    }

    public String plans() {
        return base("plans", config.plansUrl()) + "/plans";
    }

    public String funding() {
        return base("funding", config.fundingUrl()) + "/funding";
    }

    /** The path of a page of the public funding record, e.g. {@code fundingPage("/teams/" + id)}. */
    public String fundingPage(String path) {
        return funding() + path;
    }

    /** The path of a page of the public plan database. */
    public String plansPage(String path) {
        return plans() + path;
    }

    /** The district portal's home: the district's plans (plan-service). */
    public String portal() {
        return base("plans", config.plansUrl()) + "/portal";
    }

    /** The district portal's teams: registration status and members' commitments (registration-service). */
    public String teamsPortal() {
        return base("registration", config.registrationUrl()) + "/portal/teams";
    }

    /** The district portal's inbox (notification-service). */
    public String inbox() {
        return base("notification", config.notificationUrl()) + "/portal/inbox";
    }

    /** A district portal page that funding-service serves, e.g. {@code fundingPortal("/teams/" + id)}. */
    public String fundingPortal(String path) {
        return base("funding", config.fundingUrl()) + "/portal" + path;
    }

    /** The section this service serves ({@code registration}, {@code plans}, {@code funding}, {@code notification} or {@code none}). */
    public String home() {
        return config.home();
    }

    public List<Link> links() {
        return List.of(new Link("Action plans", plans(), "plans"), new Link("Who paid for whom", funding(), "funding"));
    }

    private String base(String site, String url) {
        if (site.equals(config.home())) {
            return "";
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
