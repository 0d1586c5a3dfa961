package org.lmc.notification.service;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.lmc.notification.domain.NotificationKind;

/**
 * Renders the Qute template of a kind ({@code templates/kinds/<kind>.txt}): its first line is the subject, the
 * text follows after a blank line.
 */
@ApplicationScoped
public class Templates {
    private final Engine engine;

    Templates(Engine engine) {
        this.engine = engine;
    }

    /** A rendered notification. */
    public record Rendered(String subject, String text) {
    }

    public Rendered render(NotificationKind kind, Map<String, Object> data) {
        return render(kind.template(), data);
    }

    public Rendered render(String templateId, Map<String, Object> data) {
        Template template = engine.getTemplate(templateId);
        if (template == null) {
            throw new IllegalStateException("no template " + templateId);
        }
        String out = template.data(data).render().strip();
        int end = out.indexOf('\n');
        if (end < 0) {
            return new Rendered(out, "");
        }
        return new Rendered(out.substring(0, end).strip(), out.substring(end + 1).strip());
    }
}
