package org.lmc.plan.pages;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lmc.plan.domain.Plan;
import org.lmc.plan.domain.PlanStatus;
import org.lmc.plan.domain.ProjectedMember;
import org.lmc.plan.domain.Signature;
import org.lmc.plan.domain.SignOff;
import org.lmc.plan.service.PlanQueries;
import org.lmc.web.Caller;
import org.lmc.web.pages.PortalSession;
import org.lmc.web.pages.UsFormats;

/** What the district portal shows, made from the plans, versions, signatures and team members the API reads. */
public final class PortalViews {
    private PortalViews() {
    }

    public record PlanCard(String href, String title, String state, String status, String opened, String latest, String published) {
    }

    public record Index(PortalSession session, List<PlanCard> plans) {
    }

    public record SignatureRow(String role, String name, String signedOn) {
    }

    /** A version's row; {@code signAction} is set when the signed-in person may sign it, with the role they sign in. */
    public record VersionRow(int number, String submitted, String state, List<SignatureRow> signatures, String signAction, String signRole) {
    }

    public record PlanPage(PortalSession session, String id, String title, String organisation, String status, String opened,
            String notice, List<VersionRow> versions, List<PlanPageViews.Principle> draft, String draftRevision, String publicHref,
            String fundingHref) {
    }

    static PlanCard card(Plan plan) {
        return new PlanCard("/portal/plans/" + plan.id(), title(plan), plan.organisation().state(), status(plan.status()),
                UsFormats.date(plan.openedAt()), plan.latestVersion() == 0 ? "No version yet" : "Version " + plan.latestVersion(),
                plan.publishedVersion() == null ? "Not published" : "Version " + plan.publishedVersion() + " published "
                        + UsFormats.date(plan.publishedAt()));
    }

    static PlanPage page(PortalSession session, PlanQueries.PlanFolder folder, Caller caller, Map<Integer, String> principleTitles,
            String notice, String publicHref, String fundingHref) {
        Plan plan = folder.plan();
        String kind = plan.organisation().kind();
        Optional<ProjectedMember> me = signer(folder.members(), caller, kind);
        List<VersionRow> versions = new ArrayList<>();
        for (PlanQueries.SignedVersion v : folder.versions()) {
            List<String> signedRoles = v.signatures().stream().map(Signature::role).toList();
            List<String> awaited = SignOff.awaitedRoles(kind, signedRoles);
            boolean superseded = v.version().number() < plan.latestVersion();
            String state = v.version().publishedAt() != null ? "Endorsed and published"
                    : v.version().endorsedAt() != null ? "Endorsed " + UsFormats.date(v.version().endorsedAt())
                    : superseded ? "Superseded by a later version"
                    : "Awaiting " + String.join(" and ", awaited.stream().map(r -> UsFormats.words(r).toLowerCase(Locale.US)).toList());
            boolean signs = me.isPresent() && plan.status() == PlanStatus.OPEN && !superseded && v.version().endorsedAt() == null
                    && !signedRoles.contains(me.get().role());
            versions.add(new VersionRow(v.version().number(), UsFormats.date(v.version().submittedAt()), state,
                    v.signatures().stream().map(s -> new SignatureRow(UsFormats.words(s.role()), s.signerName(),
                            UsFormats.date(s.signedAt()))).toList(),
                    signs ? "/portal/plans/" + plan.id() + "/versions/" + v.version().number() + "/signatures" : null,
                    signs ? UsFormats.words(me.get().role()).toLowerCase(Locale.US) : null));
        }
        Collections.reverse(versions);
        return new PlanPage(session, plan.id().toString(), title(plan), plan.organisation().name(), status(plan.status()),
                UsFormats.date(plan.openedAt()), notice, versions, PlanPageViews.principles(plan.draft(), principleTitles),
                String.valueOf(plan.draftRevision()), plan.publishedVersion() == null ? null : publicHref, fundingHref);
    }

    /**
     * The team member the signed-in person is, by the verified email of their token, when that member's role signs and
     * the seat is theirs (unbound, or bound to their account). The signature's own checks stay with the use case.
     */
    private static Optional<ProjectedMember> signer(List<ProjectedMember> members, Caller caller, String kind) {
        Optional<String> email = caller.verifiedEmail().map(e -> e.toLowerCase(Locale.ROOT));
        Optional<String> subject = caller.tokenSubject();
        if (email.isEmpty() || subject.isEmpty()) {
            return Optional.empty();
        }
        return members.stream().filter(m -> m.email().equals(email.get()) && SignOff.maySign(m.role(), kind)
                && m.openTo(subject.get())).findFirst();
    }

    private static String title(Plan plan) {
        String drafted = plan.draft() == null ? "" : plan.draft().path("title").asText("");
        return drafted.isBlank() ? "Action plan of " + plan.organisation().name() : drafted;
    }

    private static String status(PlanStatus status) {
        return status == PlanStatus.OPEN ? "Open" : "Closed";
    }
}
