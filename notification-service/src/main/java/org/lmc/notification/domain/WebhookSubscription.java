package org.lmc.notification.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where an agency wants notifications as signed webhooks: the kinds it wants (empty: all) and, optionally, one
 * organisation only. {@code owner} is the subject of the token that created it.
 */
public record WebhookSubscription(UUID id, String owner, String url, List<String> kinds, String orgId, String description,
        String secret, String previousSecret, Instant previousSecretUntil, Instant createdAt) {

    /** The secrets that sign a message sent at {@code now}: the current one, and the previous during its overlap. */
    public List<String> signingSecrets(Instant now) {
        List<String> secrets = new ArrayList<>(List.of(secret));
        if (previousSecret != null && previousSecretUntil != null && now.isBefore(previousSecretUntil)) {
            secrets.add(previousSecret);
        }
        return secrets;
    }

    public boolean wants(String kind, String organisation) {
        return (kinds.isEmpty() || kinds.contains(kind)) && (orgId == null || orgId.equals(organisation));
    }
}
