package org.lmc.notification.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.lmc.contracts.EventTypes;
import org.lmc.contracts.Topics;
import org.lmc.notification.Db;
import org.lmc.notification.Mailbox;
import org.lmc.notification.NotificationStack;
import org.lmc.notification.TeamEvents;
import org.lmc.testing.TestEvents;
import org.lmc.testing.TestTokens;

/**
 * Plan and funding events, published as their producers publish them (the shared addressing fields and what each
 * type's schema in platform/contracts requires): each kind is told to the people it addresses, with its own template.
 */
@QuarkusTest
@NotificationStack
class PlanAndFundingNotificationTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    Db db;

    TeamEvents registeredTeam(TestEvents events) {
        TeamEvents team = TeamEvents.denverLike();
        events.send(Topics.REGISTRATION_EVENTS, EventTypes.TEAM_REGISTERED_V1, team.teamId.toString(), team.registered());
        return team;
    }

    /** Beside the addressing fields, what each type's schema requires, with values a producer would send. */
    static Map<String, Object> schemaFields(String type) {
        String plan = UUID.randomUUID().toString();
        String id = UUID.randomUUID().toString();
        Map<String, Object> money = Map.of("grantId", UUID.randomUUID().toString(), "funderId", "ford-foundation",
                "amountCents", 45_000, "currency", "USD");
        Map<String, Object> claim = new LinkedHashMap<>(money);
        claim.putAll(Map.of("claimId", id, "category", "LODGING", "dutyStatus", "OFFICIAL_DUTY"));
        Map<String, Object> fields = new LinkedHashMap<>();
        switch (type.substring(0, type.lastIndexOf(".v"))) {
            case "org.lmc.plan.plan-opened" -> fields.put("planId", plan);
            case "org.lmc.plan.plan-closed" -> fields.putAll(Map.of("planId", plan, "reason", "TEAM_CANCELLED"));
            case "org.lmc.plan.version-submitted", "org.lmc.plan.plan-published" ->
                    fields.putAll(Map.of("planId", plan, "versionNumber", 2));
            case "org.lmc.plan.version-signed" -> fields.putAll(Map.of("planId", plan, "versionNumber", 2,
                    "signerRole", "SUPERINTENDENT", "signerName", "Tom Boasberg", "awaitedRoles", List.of("UNION_LEADER")));
            case "org.lmc.plan.version-endorsed" -> fields.putAll(Map.of("planId", plan, "versionNumber", 2,
                    "signerRoles", List.of("SUPERINTENDENT", "UNION_LEADER")));
            case "org.lmc.plan.progress-reported" -> fields.putAll(Map.of("planId", plan, "versionNumber", 2, "measureId", id,
                    "measureName", "Graduation rate", "value", 61.5, "unit", "percent", "observedOn", "2011-06-01"));
            case "org.lmc.plan.milestone-completed" -> fields.putAll(Map.of("planId", plan, "versionNumber", 2, "milestoneId", id,
                    "title", "a milestone", "dueDate", "2011-09-01", "ownerRole", "UNION_LEADER", "completedOn", "2011-08-20"));
            case "org.lmc.plan.milestone-due-soon" -> fields.putAll(Map.of("planId", plan, "milestoneId", id, "title", "a milestone",
                    "dueDate", "2011-09-01", "ownerRole", "UNION_LEADER", "threshold", "DUE_IN_14_DAYS", "daysBefore", 14));
            case "org.lmc.plan.milestone-overdue" -> fields.putAll(Map.of("planId", plan, "milestoneId", id, "title", "a milestone",
                    "dueDate", "2011-09-01", "ownerRole", "UNION_LEADER", "threshold", "OVERDUE"));
            case "org.lmc.plan.assistance-requested" -> fields.putAll(Map.of("planId", plan, "requestId", id,
                    "topic", "Contract negotiation roadblock"));
            case "org.lmc.plan.assistance-assigned" -> fields.putAll(Map.of("planId", plan, "requestId", id,
                    "topic", "Contract negotiation roadblock", "assignee", "FMCS mediator"));
            case "org.lmc.plan.assistance-closed" -> fields.putAll(Map.of("planId", plan, "requestId", id,
                    "topic", "Contract negotiation roadblock", "resolution", "Agreement reached"));
            case "org.lmc.funding.entitlement-reserved" -> {
                fields.putAll(money);
                fields.put("entitlementId", id);
            }
            case "org.lmc.funding.entitlement-released" -> {
                fields.putAll(money);
                fields.putAll(Map.of("entitlementId", id, "reason", "TEAM_CANCELLED"));
            }
            case "org.lmc.funding.entitlement-unfunded" -> fields.putAll(Map.of("entitlementId", id, "reason", "NO_GRANT_COVERS_IT"));
            case "org.lmc.funding.claim-submitted", "org.lmc.funding.claim-approved" -> fields.putAll(claim);
            case "org.lmc.funding.claim-rejected" -> {
                fields.putAll(claim);
                fields.put("reason", "receipt unreadable");
            }
            default -> throw new IllegalArgumentException("no sample for " + type);
        }
        return fields;
    }

    static JsonPath inbox(String orgId) {
        return given().auth().oauth2(TestTokens.admin()).queryParam("orgId", orgId).queryParam("limit", 200).get("/api/v1/inbox")
                .then().statusCode(200).extract().jsonPath();
    }

    static String subjectOf(String orgId, String kind) {
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(orgId).getList("items.kind").contains(kind));
        JsonPath page = inbox(orgId);
        return page.getString("items[" + page.getList("items.kind").indexOf(kind) + "].subject");
    }

    @Test
    void aVersionAwaitingSignaturesGoesToTheSignersOnly() {
        TeamEvents team;
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            team = registeredTeam(events);
            events.send(Topics.PLAN_EVENTS, "org.lmc.plan.version-submitted.v1", UUID.randomUUID().toString(),
                    team.addressed(List.of("SUPERINTENDENT", "UNION_LEADER"), null, schemaFields("org.lmc.plan.version-submitted.v1")));
        }
        String subject = "Action plan awaiting your signature: Denver Public Schools";
        String text = "A version of your team's action plan has been submitted and awaits the signatures of SUPERINTENDENT,"
                + " UNION_LEADER. Please review and sign it.";
        for (String signer : List.of(team.superintendent.email(), team.unionLeader.email())) {
            assertThat(Mailbox.await(signer, "Action plan awaiting", 1)).singleElement().satisfies(m -> {
                assertThat(m.subject()).isEqualTo(subject);
                assertThat(m.text()).isEqualTo(text);
            });
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM delivery d JOIN notification n"
                + " ON n.id = d.notification_id WHERE n.team_id = ? AND n.kind = 'VERSION_AWAITING_SIGNATURES' AND d.status = 'DELIVERED'",
                team.teamId) == 2);
        assertThat(Mailbox.matching(team.boardPresident.email(), "Action plan awaiting")).isEmpty();
    }

    @Test
    void anOverdueMilestoneGoesToItsOwnerAndTheSuperintendent() {
        TeamEvents team;
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            team = registeredTeam(events);
            events.send(Topics.PLAN_EVENTS, "org.lmc.plan.milestone-overdue.v1", UUID.randomUUID().toString(),
                    team.addressed(List.of(), null, Map.of("planId", UUID.randomUUID().toString(),
                            "milestoneId", UUID.randomUUID().toString(), "title", "Joint evaluation rubric adopted",
                            "dueDate", "2011-09-01", "ownerRole", "UNION_LEADER", "threshold", "OVERDUE")));
        }
        for (String address : List.of(team.superintendent.email(), team.unionLeader.email())) {
            assertThat(Mailbox.await(address, "Milestone overdue", 1)).singleElement().satisfies(m -> {
                assertThat(m.subject()).isEqualTo("Milestone overdue: Joint evaluation rubric adopted (Denver Public Schools)");
                assertThat(m.text()).isEqualTo("The milestone \"Joint evaluation rubric adopted\" of your team's action plan, owned by"
                        + " UNION_LEADER, was due on 2011-09-01 and is overdue. Report its progress, or ask for assistance if the team"
                        + " has hit a roadblock.");
            });
        }
        assertThat(Mailbox.matching(team.boardPresident.email(), "Milestone overdue")).isEmpty();
    }

    @Test
    void aPaymentGoesToTheTravellerAloneWithTheAmount() {
        TeamEvents team;
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            team = registeredTeam(events);
            events.send(Topics.FUNDING_EVENTS, "org.lmc.funding.payment-made.v1", team.teamId.toString(),
                    team.addressed(List.of(), team.boardPresident.memberId(), Map.of("paymentId", UUID.randomUUID().toString(),
                            "grantId", UUID.randomUUID().toString(), "funderId", "ford-foundation", "claimId", UUID.randomUUID().toString(),
                            "amountCents", 123450, "currency", "USD", "category", "TRAVEL")));
        }
        assertThat(Mailbox.await(team.boardPresident.email(), "Payment made", 1)).singleElement().satisfies(m -> {
            assertThat(m.to()).containsExactly(team.boardPresident.email());
            assertThat(m.subject()).isEqualTo("Payment made to Nate Easley (Denver Public Schools): USD 1,234.50");
            assertThat(m.text()).isEqualTo("A payment of USD 1,234.50 is made to Nate Easley for travel to the convening.");
        });
        JsonPath page = inbox(team.organisation.orgId());
        int i = page.getList("items.kind").indexOf("PAYMENT_MADE");
        assertThat(page.getString("items[" + i + "].memberId")).isEqualTo(team.boardPresident.memberId().toString());
        assertThat(Mailbox.matching(team.superintendent.email(), "Payment made")).isEmpty();
    }

    @Test
    void everyPlanAndFundingKindHasItsOwnSubjectFromTheAddressingFieldsAlone() {
        Map<String, String> subjects = new LinkedHashMap<>();
        subjects.put("org.lmc.plan.plan-opened.v1", "Action plan opened: Denver Public Schools");
        subjects.put("org.lmc.plan.plan-closed.v1", "Action plan closed: Denver Public Schools");
        subjects.put("org.lmc.plan.version-signed.v1", "Action plan signed: Denver Public Schools");
        subjects.put("org.lmc.plan.version-endorsed.v1", "Action plan endorsed: Denver Public Schools");
        subjects.put("org.lmc.plan.plan-published.v1", "Action plan published: Denver Public Schools");
        subjects.put("org.lmc.plan.progress-reported.v1", "Progress reported: Denver Public Schools");
        subjects.put("org.lmc.plan.milestone-completed.v1", "Milestone completed: a milestone (Denver Public Schools)");
        subjects.put("org.lmc.plan.milestone-due-soon.v1", "Milestone due 2011-09-01: a milestone (Denver Public Schools)");
        subjects.put("org.lmc.plan.assistance-requested.v1", "Assistance requested: Denver Public Schools");
        subjects.put("org.lmc.plan.assistance-assigned.v1", "Assistance assigned: Denver Public Schools");
        subjects.put("org.lmc.plan.assistance-closed.v1", "Assistance request closed: Denver Public Schools");
        subjects.put("org.lmc.funding.entitlement-reserved.v1", "Travel funding reserved for Tom Boasberg (Denver Public Schools)");
        subjects.put("org.lmc.funding.entitlement-unfunded.v1", "No travel funding for Tom Boasberg (Denver Public Schools)");
        subjects.put("org.lmc.funding.entitlement-released.v1", "Travel funding released for Tom Boasberg (Denver Public Schools)");
        subjects.put("org.lmc.funding.claim-submitted.v1", "Travel claim received for Tom Boasberg (Denver Public Schools)");
        subjects.put("org.lmc.funding.claim-approved.v1", "Travel claim approved for Tom Boasberg (Denver Public Schools)");
        subjects.put("org.lmc.funding.claim-rejected.v1", "Travel claim rejected for Tom Boasberg (Denver Public Schools)");
        TeamEvents team;
        try (TestEvents events = TestEvents.connect(bootstrap)) {
            team = registeredTeam(events);
            for (String type : subjects.keySet()) {
                // Funding kinds concern one traveller, and a signature its signer: the superintendent here.
                UUID member = type.startsWith("org.lmc.funding.") || type.equals("org.lmc.plan.version-signed.v1")
                        ? team.superintendent.memberId() : null;
                events.send(type.startsWith("org.lmc.plan.") ? Topics.PLAN_EVENTS : Topics.FUNDING_EVENTS, type, team.teamId.toString(),
                        team.addressed(List.of(), member, schemaFields(type)));
            }
            // An invoice payment (keyed by the grant) concerns no organisation: no notification, and no poison either.
            events.send(Topics.FUNDING_EVENTS, "org.lmc.funding.payment-made.v1", UUID.randomUUID().toString(),
                    Map.of("paymentId", UUID.randomUUID().toString(), "grantId", UUID.randomUUID().toString(),
                            "funderId", "us-department-of-education", "invoiceId", UUID.randomUUID().toString(),
                            "amountCents", 500000, "currency", "USD", "category", "AUDIO_VISUAL"));
        }
        String orgId = team.organisation.orgId();
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(orgId).getList("items").size() == subjects.size() + 1);
        JsonPath page = inbox(orgId);
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < page.getList("items").size(); i++) {
            seen.put(page.getString("items[" + i + "].eventType"), page.getString("items[" + i + "].subject"));
        }
        seen.remove(EventTypes.TEAM_REGISTERED_V1);
        assertThat(seen).containsExactlyInAnyOrderEntriesOf(subjects);
        // Funding kinds about one traveller went to that person only; plan kinds to the whole team.
        Mailbox.await(team.superintendent.email(), "Travel claim rejected", 1);
        assertThat(Mailbox.matching(team.unionLeader.email(), "Travel")).isEmpty();
        assertThat(Mailbox.await(team.unionLeader.email(), "Action plan published", 1)).hasSize(1);
        assertThat(db.count("SELECT count(*) FROM lmc_inbox WHERE event_type = 'org.lmc.funding.payment-made.v1'"
                + " AND outcome = 'DEAD_LETTERED'")).isZero();
    }
}
