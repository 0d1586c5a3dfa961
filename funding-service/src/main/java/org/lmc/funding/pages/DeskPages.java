package org.lmc.funding.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.lmc.funding.config.FundingConfig;
import org.lmc.funding.domain.AuditRecord;
import org.lmc.funding.domain.Category;
import org.lmc.funding.domain.Expense;
import org.lmc.funding.domain.Grant;
import org.lmc.funding.repository.AuditTrail;
import org.lmc.funding.repository.GrantRepository;
import org.lmc.funding.repository.Ledger;
import org.lmc.funding.rest.LedgerExport;
import org.lmc.funding.service.Expenses;
import org.lmc.funding.service.Grants;
import org.lmc.web.Caller;
import org.lmc.web.Cursor;
import org.lmc.web.ProblemException;
import org.lmc.web.pages.ErrorPages;
import org.lmc.web.pages.FormTokenChecked;
import org.lmc.web.pages.UsFormats;

/**
 * The funder's audit desk, signed in through the identity provider (the OIDC web-app tenant of {@code /desk}): the
 * grants the caller sees with their budgets, a grant's claims waiting for a decision with Approve and Reject, its ledger
 * with filters and the CSV download, and for admin and auditor the audit chain. Every page reads and acts through the
 * same use cases, checks and roles as the API ({@link Grants#visible}, {@link Expenses#decide}, {@link Ledger#page},
 * {@link AuditTrail}): another funder's grant is a 404, the maker of a claim cannot decide it. Forms carry the form
 * token. Pages, not API: left out of the OpenAPI document.
 */
@Path("/desk")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
@RolesAllowed({Caller.ADMIN, Caller.FUNDER, Caller.AUDITOR})
@FormTokenChecked
public class DeskPages {
    static final int CLAIMS_SHOWN = 100;
    static final int LEDGER_PAGE = 50;
    static final int AUDIT_SHOWN = 50;
    /** What a page says after a decision, by the word in its address; anything else says nothing. */
    private static final Map<String, String> NOTICES = Map.of("approved", "The claim was approved: its amount is now payable.",
            "rejected", "The claim was rejected; the traveller is told why.");

    @CheckedTemplate(basePath = "desk")
    static class Templates {
        static native TemplateInstance index(DeskViews.Index index);

        static native TemplateInstance grant(DeskViews.GrantPage grant);

        static native TemplateInstance audit(DeskViews.AuditPage audit);

        static native TemplateInstance refused(DeskViews.Refusal refusal);
    }

    private final Grants grants;
    private final Expenses expenses;
    private final Ledger ledger;
    private final AuditTrail audit;
    private final Caller caller;
    private final FundingConfig config;

    DeskPages(Grants grants, Expenses expenses, Ledger ledger, AuditTrail audit, Caller caller, FundingConfig config) {
        this.grants = grants;
        this.expenses = expenses;
        this.ledger = ledger;
        this.audit = audit;
        this.caller = caller;
        this.config = config;
    }

    @GET
    @Operation(hidden = true, summary = "The desk (HTML): the grants the signed-in caller sees, each with its budget bar")
    public String index() {
        Map<String, String> funders = funderNames();
        List<DeskViews.GrantCard> cards = grants.list(null, caller).stream()
                .map(g -> DeskViews.card(g, funders.getOrDefault(g.funderId(), g.funderId()), grants.balances(g.id()))).toList();
        return Templates.index(new DeskViews.Index(session(), cards)).render();
    }

    @GET
    @Path("/grants/{grant}")
    @Operation(hidden = true, summary = "A grant on the desk (HTML): budget, claims waiting for a decision, the ledger with filters")
    public String grant(@RestPath String grant, @RestQuery String category, @RestQuery String team, @RestQuery String from,
            @RestQuery String until, @RestQuery String after, @RestQuery String decision) {
        Grant g = grants.visible(FundingPages.id(grant, "grant"), caller);
        Category onlyCategory = category(category);
        UUID onlyTeam = blank(team) ? null : uuid(team, "team");
        LocalDate fromDay = Ledger.Filter.day(from, "from");
        LocalDate untilDay = Ledger.Filter.day(until, "until");
        Cursor cursor = blank(after) ? null : Cursor.decode(after, "after");
        List<Ledger.TracedEntry> entries = ledger.page(g.id(), Ledger.Filter.of(onlyCategory, onlyTeam, fromDay, untilDay), cursor,
                LEDGER_PAGE + 1);
        String next = null;
        if (entries.size() > LEDGER_PAGE) {
            entries = entries.subList(0, LEDGER_PAGE);
            Ledger.TracedEntry last = entries.get(LEDGER_PAGE - 1);
            next = "/desk/grants/" + g.id() + "?" + query(onlyCategory, onlyTeam, fromDay, untilDay)
                    + "after=" + new Cursor(last.recordedAt(), last.id()).encode() + "#ledger";
        }
        List<DeskViews.ClaimRow> claims = expenses.claimsAwaitingDecision(g.id(), caller, CLAIMS_SHOWN).stream().map(DeskViews::claim)
                .toList();
        DeskViews.GrantPage page = new DeskViews.GrantPage(session(), g.id().toString(), g.title(),
                funderNames().getOrDefault(g.funderId(), g.funderId()), UsFormats.words(g.kind().name()),
                UsFormats.money(g.budgetCents(), g.currency()), DeskViews.budgetBar(g, grants.balances(g.id())),
                decision == null ? null : NOTICES.get(decision), claims,
                DeskViews.filters(onlyCategory, onlyTeam, fromDay == null ? null : fromDay.toString(),
                        untilDay == null ? null : untilDay.toString(), ledger.teams(g.id())),
                entries.stream().map(DeskViews::entry).toList(), next, "/desk/grants/" + g.id() + "/ledger.csv");
        return Templates.grant(page).render();
    }

    @GET
    @Path("/grants/{grant}/ledger.csv")
    @Produces("text/csv")
    @Operation(hidden = true, summary = "The grant's ledger as CSV for the signed-in caller: the API's export, the API's check")
    public Response ledgerCsv(@RestPath String grant) {
        Grant g = grants.visible(FundingPages.id(grant, "grant"), caller);
        return LedgerExport.csv(ledger, g.id(), config.exportFetchSize());
    }

    @POST
    @Path("/claims/{claim}/approval")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Caller.FUNDER)
    @Operation(hidden = true, summary = "Approve a claim from the desk (HTML form): the API's decision, maker-checker and all")
    public Response approve(@RestPath String claim) {
        return decide(claim, true, null);
    }

    @POST
    @Path("/claims/{claim}/rejection")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Caller.FUNDER)
    @Operation(hidden = true, summary = "Reject a claim from the desk (HTML form) with the reason")
    public Response reject(@RestPath String claim, @RestForm String reason) {
        String stripped = reason == null ? "" : reason.strip();
        // The API's rule for a reason (FundingRequests.Rejection): present, at most 500 characters.
        if (stripped.isEmpty() || stripped.length() > 500) {
            throw ProblemException.invalid("reason", stripped.isEmpty() ? "must not be blank" : "must be at most 500 characters");
        }
        return decide(claim, false, stripped);
    }

    @GET
    @Path("/audit")
    @RolesAllowed({Caller.ADMIN, Caller.AUDITOR})
    @Operation(hidden = true, summary = "The audit chain on the desk (HTML): its verification and the latest privileged actions")
    public String audit() {
        AuditTrail.Verification verification = audit.verify();
        // The chain numbers its records 1, 2, 3... without gaps (the verification checks it): the latest are after the count less them.
        long after = Math.max(0, verification.rowsChecked() - AUDIT_SHOWN);
        List<AuditRecord> latest = audit.find(new AuditTrail.Query(null, null, null, null, null, null, after), AUDIT_SHOWN);
        List<DeskViews.AuditRow> rows = latest.stream().map(DeskViews::audit).collect(Collectors.toList());
        java.util.Collections.reverse(rows);
        return Templates.audit(new DeskViews.AuditPage(session(), verification.intact(), DeskViews.verification(verification),
                verification.rowsChecked(), rows)).render();
    }

    /**
     * The API's decision on the claim; a refusal (the maker deciding, already decided, over a cap or the budget) is a
     * page with the API's status and reason, and nothing changed (the decision's transaction rolled back).
     */
    private Response decide(String claim, boolean approve, String reason) {
        UUID claimId = FundingPages.id(claim, "claim");
        try {
            Expense decided = expenses.decide(true, claimId, approve, reason, caller);
            return Response.seeOther(URI.create("/desk/grants/" + decided.grantId() + "?decision=" + (approve ? "approved" : "rejected")
                    + "#claims")).build();
        } catch (ProblemException refused) {
            if (refused.status() == 404) {
                throw refused;
            }
            String backHref = expenses.visibleClaim(claimId, caller).grantId().toString();
            String html = Templates.refused(new DeskViews.Refusal(session(), refused.status(),
                    approve ? "The claim was not approved" : "The claim was not rejected", refused.getMessage(),
                    "/desk/grants/" + backHref + "#claims")).render();
            return ErrorPages.refusal(refused.status(), html);
        }
    }

    private DeskViews.Session session() {
        String role = caller.is(Caller.ADMIN) ? "Administrator" : caller.is(Caller.AUDITOR) ? "Auditor"
                : "Funder " + caller.funderId().orElse("(no funder)");
        return new DeskViews.Session(caller.name(), role, caller.is(Caller.FUNDER), caller.is(Caller.ADMIN) || caller.is(Caller.AUDITOR));
    }

    private Map<String, String> funderNames() {
        return grants.funders().stream().collect(Collectors.toMap(GrantRepository.Funder::id, GrantRepository.Funder::name));
    }

    private static String query(Category category, UUID team, LocalDate from, LocalDate until) {
        StringBuilder q = new StringBuilder();
        if (category != null) {
            q.append("category=").append(category.name()).append('&');
        }
        if (team != null) {
            q.append("team=").append(team).append('&');
        }
        if (from != null) {
            q.append("from=").append(from).append('&');
        }
        if (until != null) {
            q.append("until=").append(until).append('&');
        }
        return q.toString();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static final Set<String> CATEGORIES = java.util.Arrays.stream(Category.values()).map(Enum::name).collect(Collectors.toSet());

    private static Category category(String value) {
        if (blank(value)) {
            return null;
        }
        if (!CATEGORIES.contains(value)) {
            throw ProblemException.invalid("category", "must be one of " + java.util.Arrays.toString(Category.values()));
        }
        return Category.valueOf(value);
    }

    private static UUID uuid(String value, String field) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "must be a team id");
        }
    }
}
