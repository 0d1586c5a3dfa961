package org.lmc.notification.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lmc.notification.domain.NotificationKind;
import org.lmc.notification.domain.Preference;
import org.lmc.notification.repository.DirectoryRepository;
import org.lmc.notification.repository.PreferenceRepository;
import org.lmc.web.ProblemException;

/** Email preferences of an organisation and its people, with the rules that keep critical news flowing. */
@ApplicationScoped
public class Preferences {
    private final PreferenceRepository repository;
    private final DirectoryRepository directory;

    Preferences(PreferenceRepository repository, DirectoryRepository directory) {
        this.repository = repository;
        this.directory = directory;
    }

    public List<Preference> of(String orgId) {
        return repository.of(orgId);
    }

    /** Checks every rule first, then replaces the whole set: a refused request writes nothing. */
    @Transactional
    public List<Preference> replace(String orgId, List<Preference> preferences) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < preferences.size(); i++) {
            Preference p = preferences.get(i);
            String at = "preferences[" + i + "]";
            NotificationKind kind = NotificationKind.ofCode(p.kind()).orElseThrow();
            if (!seen.add(p.memberId() + "/" + p.kind() + "/" + p.channel())) {
                throw ProblemException.invalid(at, "repeats the preference for " + (p.memberId() == null ? "the organisation" : p.memberId())
                        + ", " + p.kind() + ", " + p.channel());
            }
            if (p.mode() == Preference.Mode.OFF && kind.critical()) {
                throw ProblemException.rule("critical-kind", at + ".mode", kind + " is critical and cannot be switched off");
            }
            if (p.mode() == Preference.Mode.DIGEST && !kind.digestible()) {
                throw ProblemException.rule("not-digestible", at + ".mode", kind + " is " + kind.urgency().name().toLowerCase()
                        + " and is sent at once, not in the daily digest");
            }
            if (p.memberId() != null && !directory.isMemberOf(p.memberId(), orgId)) {
                throw ProblemException.rule("not-a-member", at + ".memberId", p.memberId() + " is not a member of a team of " + orgId);
            }
        }
        repository.replace(orgId, preferences, Instant.now());
        return repository.of(orgId);
    }
}
