package org.lmc.notification.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.lmc.notification.domain.NotificationKind;
import org.lmc.notification.domain.Preference;
import org.lmc.notification.service.OrganisationScope;
import org.lmc.notification.service.Preferences;
import org.lmc.web.Caller;
import org.lmc.web.Problem;
import org.lmc.web.ProblemException;

@Path("/api/v1/preferences")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Preferences")
@SecurityRequirement(name = "SecurityScheme")
public class PreferenceResource {
    private final Preferences preferences;
    private final Caller caller;

    PreferenceResource(Preferences preferences, Caller caller) {
        this.preferences = preferences;
        this.caller = caller;
    }

    /** One preference: for the whole organisation (memberId absent) or one person. */
    @Schema(name = "Preference")
    public record PreferenceView(
            @Schema(nullable = true, description = "the person; absent: the organisation's default") UUID memberId,
            @Schema(example = "BOOTH_ASSIGNED", description = "a notification kind (see `kinds`)") String kind,
            @Schema(example = "EMAIL", enumeration = {"EMAIL"}) String channel,
            @Schema(example = "DIGEST", enumeration = {"IMMEDIATE", "DIGEST", "OFF"},
                    description = "DIGEST only for routine kinds; critical kinds cannot be OFF") String mode) {
        static PreferenceView of(Preference p) {
            return new PreferenceView(p.memberId(), p.kind(), p.channel().name(), p.mode().name());
        }
    }

    /** A kind and how it may be set. */
    @Schema(name = "NotificationKind")
    public record KindView(String kind, String eventType, String urgency, boolean critical, boolean digestible) {
        static KindView of(NotificationKind k) {
            return new KindView(k.name(), k.eventType(), k.urgency().name(), k.critical(), k.digestible());
        }
    }

    @Schema(name = "Preferences")
    public record PreferencesView(String orgId, List<PreferenceView> preferences, List<KindView> kinds) {
    }

    @Schema(name = "PreferencesUpdate")
    public record PreferencesUpdate(@NotNull @Size(max = 500) List<@NotNull @Valid PreferenceView> preferences) {
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.AGENCY, Caller.DISTRICT})
    @Operation(summary = "An organisation's email preferences (its defaults and its people's), and every kind with its rules")
    @APIResponse(responseCode = "200", description = "The preferences",
            content = @Content(schema = @Schema(implementation = PreferencesView.class)))
    @APIResponse(responseCode = "404", description = "Another organisation (for a district user)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PreferencesView get(@QueryParam("orgId") @Pattern(regexp = InboxResource.ORG_ID_PATTERN,
            message = InboxResource.ORG_ID_MESSAGE) String orgId) {
        String org = organisation(orgId);
        return view(org, preferences.of(org));
    }

    @PUT
    @RolesAllowed({Caller.ADMIN, Caller.DISTRICT})
    @Operation(summary = "Replace an organisation's email preferences as a whole. Critical kinds (payment made, milestone"
            + " overdue, cancellation) cannot be switched off; only routine kinds can wait for the daily digest.")
    @APIResponse(responseCode = "200", description = "The preferences now",
            content = @Content(schema = @Schema(implementation = PreferencesView.class)))
    @APIResponse(responseCode = "404", description = "Another organisation (for a district user)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "A critical kind switched off, a digest for a kind that cannot wait, or a"
            + " person who is not a member of the organisation's teams",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PreferencesView put(@QueryParam("orgId") @Pattern(regexp = InboxResource.ORG_ID_PATTERN,
            message = InboxResource.ORG_ID_MESSAGE) String orgId, @NotNull @Valid PreferencesUpdate update) {
        String org = organisation(orgId);
        List<Preference> parsed = parse(update.preferences());
        return view(org, preferences.replace(org, parsed));
    }

    private static List<Preference> parse(List<PreferenceView> views) {
        List<Problem.FieldError> errors = new java.util.ArrayList<>();
        List<Preference> parsed = new java.util.ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            PreferenceView v = views.get(i);
            String at = "preferences[" + i + "].";
            var kind = v.kind() == null ? java.util.Optional.<NotificationKind>empty() : NotificationKind.ofCode(v.kind());
            if (kind.isEmpty()) {
                errors.add(new Problem.FieldError(at + "kind", "must be one of the notification kinds " + NotificationKind.codes()));
            }
            Preference.Channel channel = parseEnum(Preference.Channel.class, v.channel());
            if (channel == null) {
                errors.add(new Problem.FieldError(at + "channel", "must be one of " + Arrays.toString(Preference.Channel.values())));
            }
            Preference.Mode mode = parseEnum(Preference.Mode.class, v.mode());
            if (mode == null) {
                errors.add(new Problem.FieldError(at + "mode", "must be one of " + Arrays.toString(Preference.Mode.values())));
            }
            if (kind.isPresent() && channel != null && mode != null) {
                parsed.add(new Preference(v.memberId(), kind.get().name(), channel, mode));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return parsed;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value) {
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.name().equals(value)).findFirst().orElse(null);
    }

    private static PreferencesView view(String orgId, List<Preference> preferences) {
        return new PreferencesView(orgId, preferences.stream().map(PreferenceView::of).toList(),
                Arrays.stream(NotificationKind.values()).map(KindView::of).toList());
    }

    private String organisation(String orgId) {
        return OrganisationScope.of(caller, orgId, "preferences of organisation");
    }
}
