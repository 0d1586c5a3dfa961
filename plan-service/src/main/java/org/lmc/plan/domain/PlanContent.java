package org.lmc.plan.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The District Action Plan template as data, and its strict reading: under each chosen Principle in Action, goals;
 * under a goal, strategies; under a strategy, tactics; measures of success (name, unit, baseline, target, target
 * date) and milestones (title, due date, owner role, status). Every fault is reported with its JSON path; unknown
 * fields are faults. Measures and milestones keep ids across drafts and versions (a new one gets an id), so their
 * progress can be followed from one version to the next.
 */
public final class PlanContent {
    public static final int MAX_PRINCIPLES = 10;
    public static final int MAX_GOALS = 20;
    public static final int MAX_STRATEGIES = 20;
    public static final int MAX_TACTICS = 30;
    public static final int MAX_MEASURES = 100;
    public static final int MAX_MILESTONES = 200;
    private static final Pattern ROLE = Pattern.compile("[A-Z][A-Z_]{1,39}");
    private static final Set<String> MILESTONE_STATUSES = Set.of("PLANNED", "IN_PROGRESS", "DONE");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A measure of success as the content states it. */
    public record Measure(UUID id, String name, String unit, BigDecimal baseline, BigDecimal target, LocalDate targetDate) {
    }

    /** A milestone as the content states it. */
    public record Milestone(UUID id, String title, LocalDate dueDate, String ownerRole, String status) {
    }

    /** The outcome of reading: the normalised content (trimmed, ids given) or the faults. */
    public record Checked(JsonNode content, List<ContentError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private final Set<Integer> principleNumbers;
    private final Supplier<UUID> newIds;
    private final List<ContentError> errors = new ArrayList<>();

    private PlanContent(Set<Integer> principleNumbers, Supplier<UUID> newIds) {
        this.principleNumbers = principleNumbers;
        this.newIds = newIds;
    }

    /** An empty draft: what a plan starts with. */
    public static JsonNode empty(String title) {
        ObjectNode node = JSON.objectNode();
        node.put("title", title);
        node.putArray("principles");
        node.putArray("measures");
        node.putArray("milestones");
        return node;
    }

    /** Reads {@code body} strictly against the template, with the reference principles' numbers. */
    public static Checked check(JsonNode body, Set<Integer> principleNumbers, Supplier<UUID> newIds) {
        PlanContent reader = new PlanContent(principleNumbers, newIds);
        JsonNode content = reader.root(body);
        return new Checked(reader.errors.isEmpty() ? content : null, List.copyOf(reader.errors));
    }

    /** What a version needs beyond a valid draft: a title and at least one principle with a goal. */
    public static List<ContentError> submittable(JsonNode content) {
        List<ContentError> errors = new ArrayList<>();
        JsonNode principles = content.path("principles");
        if (principles.isEmpty()) {
            errors.add(new ContentError("principles", "a version needs at least one Principle in Action"));
        }
        for (int i = 0; i < principles.size(); i++) {
            if (principles.get(i).path("goals").isEmpty()) {
                errors.add(new ContentError("principles[" + i + "].goals", "a version needs at least one goal under each principle"));
            }
        }
        return errors;
    }

    public static List<Integer> principles(JsonNode content) {
        List<Integer> numbers = new ArrayList<>();
        content.path("principles").forEach(p -> numbers.add(p.path("principle").asInt()));
        return numbers;
    }

    public static List<Measure> measures(JsonNode content) {
        List<Measure> measures = new ArrayList<>();
        content.path("measures").forEach(m -> measures.add(new Measure(UUID.fromString(m.get("id").asText()), m.get("name").asText(),
                m.get("unit").asText(), m.get("baseline").decimalValue(), m.get("target").decimalValue(),
                LocalDate.parse(m.get("targetDate").asText()))));
        return measures;
    }

    public static List<Milestone> milestones(JsonNode content) {
        List<Milestone> milestones = new ArrayList<>();
        content.path("milestones").forEach(m -> milestones.add(new Milestone(UUID.fromString(m.get("id").asText()),
                m.get("title").asText(), LocalDate.parse(m.get("dueDate").asText()), m.get("ownerRole").asText(), m.get("status").asText())));
        return milestones;
    }

    /** Every text of the content, for the public full-text search. */
    public static String searchText(JsonNode content) {
        StringBuilder text = new StringBuilder();
        collectText(content, text);
        return text.toString();
    }

    private static void collectText(JsonNode node, StringBuilder text) {
        if (node.isTextual()) {
            text.append(node.asText()).append('\n');
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals("id") && !field.getKey().endsWith("Date") && !field.getKey().equals("status")
                        && !field.getKey().equals("ownerRole")) {
                    collectText(field.getValue(), text);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectText(element, text));
        }
    }

    /** PostgreSQL cannot store the NUL character in text or JSON: refused where it stands, as the shared body rule does. */
    private void nulCharacters(JsonNode node, String at) {
        if (node.isTextual() && node.textValue().indexOf('\u0000') >= 0) {
            errors.add(new ContentError(at.isEmpty() ? "(body)" : at, "must not contain the NUL character"));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> nulCharacters(f.getValue(), at.isEmpty() ? f.getKey() : at + "." + f.getKey()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nulCharacters(node.get(i), at + "[" + i + "]");
            }
        }
    }

    private JsonNode root(JsonNode body) {
        if (body == null || !body.isObject()) {
            errors.add(new ContentError("(body)", "must be a plan object"));
            return null;
        }
        ObjectNode out = JSON.objectNode();
        nulCharacters(body, "");
        unknownFields(body, "", Set.of("title", "summary", "principles", "measures", "milestones"));
        out.put("title", text(body, "", "title", 300, true));
        String summary = text(body, "", "summary", 4000, false);
        if (summary != null) {
            out.put("summary", summary);
        }
        out.set("principles", readPrinciples(body.get("principles")));
        out.set("measures", readMeasures(body.get("measures")));
        out.set("milestones", readMilestones(body.get("milestones")));
        return out;
    }

    private ArrayNode readPrinciples(JsonNode list) {
        ArrayNode out = JSON.arrayNode();
        if (!array(list, "principles", MAX_PRINCIPLES)) {
            return out;
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "principles[" + i + "]";
            JsonNode item = list.get(i);
            if (!object(item, at)) {
                continue;
            }
            unknownFields(item, at + ".", Set.of("principle", "goals"));
            ObjectNode principle = out.addObject();
            JsonNode number = item.get("principle");
            if (number == null || !number.canConvertToInt() || !number.isIntegralNumber()) {
                errors.add(new ContentError(at + ".principle", "must be the number of a Principle in Action"));
            } else if (!principleNumbers.contains(number.intValue())) {
                errors.add(new ContentError(at + ".principle", "there is no Principle in Action " + number.asText()
                        + " (see /api/v1/public/principles)"));
            } else if (!seen.add(number.intValue())) {
                errors.add(new ContentError(at + ".principle", "principle " + number.intValue() + " is chosen twice"));
            } else {
                principle.put("principle", number.intValue());
            }
            ArrayNode goals = principle.putArray("goals");
            JsonNode goalList = item.get("goals");
            if (!array(goalList, at + ".goals", MAX_GOALS)) {
                continue;
            }
            for (int g = 0; g < goalList.size(); g++) {
                goals.add(goal(goalList.get(g), at + ".goals[" + g + "]"));
            }
        }
        return out;
    }

    private ObjectNode goal(JsonNode item, String at) {
        ObjectNode goal = JSON.objectNode();
        if (!object(item, at)) {
            return goal;
        }
        unknownFields(item, at + ".", Set.of("title", "strategies"));
        goal.put("title", text(item, at + ".", "title", 300, true));
        ArrayNode strategies = goal.putArray("strategies");
        JsonNode list = item.get("strategies");
        if (array(list, at + ".strategies", MAX_STRATEGIES)) {
            for (int s = 0; s < list.size(); s++) {
                String sAt = at + ".strategies[" + s + "]";
                JsonNode strategyItem = list.get(s);
                if (!object(strategyItem, sAt)) {
                    continue;
                }
                unknownFields(strategyItem, sAt + ".", Set.of("title", "tactics"));
                ObjectNode strategy = strategies.addObject();
                strategy.put("title", text(strategyItem, sAt + ".", "title", 300, true));
                ArrayNode tactics = strategy.putArray("tactics");
                JsonNode tacticList = strategyItem.get("tactics");
                if (array(tacticList, sAt + ".tactics", MAX_TACTICS)) {
                    for (int t = 0; t < tacticList.size(); t++) {
                        JsonNode tactic = tacticList.get(t);
                        String tAt = sAt + ".tactics[" + t + "]";
                        if (!tactic.isTextual() || tactic.asText().isBlank()) {
                            errors.add(new ContentError(tAt, "must be a non-empty text"));
                        } else if (tactic.asText().strip().length() > 1000) {
                            errors.add(new ContentError(tAt, "must be at most 1000 characters"));
                        } else {
                            tactics.add(tactic.asText().strip());
                        }
                    }
                }
            }
        }
        return goal;
    }

    private ArrayNode readMeasures(JsonNode list) {
        ArrayNode out = JSON.arrayNode();
        if (!array(list, "measures", MAX_MEASURES)) {
            return out;
        }
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "measures[" + i + "]";
            JsonNode item = list.get(i);
            if (!object(item, at)) {
                continue;
            }
            unknownFields(item, at + ".", Set.of("id", "name", "unit", "baseline", "target", "targetDate"));
            ObjectNode measure = out.addObject();
            measure.put("id", id(item, at, ids).toString());
            measure.put("name", text(item, at + ".", "name", 300, true));
            measure.put("unit", text(item, at + ".", "unit", 60, true));
            BigDecimal baseline = number(item, at + ".", "baseline");
            BigDecimal target = number(item, at + ".", "target");
            if (baseline != null && target != null && baseline.compareTo(target) == 0) {
                errors.add(new ContentError(at + ".target", "must differ from the baseline"));
            }
            measure.put("baseline", baseline);
            measure.put("target", target);
            LocalDate targetDate = date(item, at + ".", "targetDate");
            measure.put("targetDate", targetDate == null ? null : targetDate.toString());
        }
        return out;
    }

    private ArrayNode readMilestones(JsonNode list) {
        ArrayNode out = JSON.arrayNode();
        if (!array(list, "milestones", MAX_MILESTONES)) {
            return out;
        }
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "milestones[" + i + "]";
            JsonNode item = list.get(i);
            if (!object(item, at)) {
                continue;
            }
            unknownFields(item, at + ".", Set.of("id", "title", "dueDate", "ownerRole", "status"));
            ObjectNode milestone = out.addObject();
            milestone.put("id", id(item, at, ids).toString());
            milestone.put("title", text(item, at + ".", "title", 300, true));
            LocalDate due = date(item, at + ".", "dueDate");
            milestone.put("dueDate", due == null ? null : due.toString());
            String owner = text(item, at + ".", "ownerRole", 40, true);
            if (owner != null && !ROLE.matcher(owner).matches()) {
                errors.add(new ContentError(at + ".ownerRole", "must be a role code in capitals, e.g. UNION_LEADER"));
            }
            milestone.put("ownerRole", owner);
            JsonNode status = item.get("status");
            if (status == null || status.isNull()) {
                milestone.put("status", "PLANNED");
            } else if (!status.isTextual() || !MILESTONE_STATUSES.contains(status.asText())) {
                errors.add(new ContentError(at + ".status", "must be one of PLANNED, IN_PROGRESS, DONE"));
            } else {
                milestone.put("status", status.asText());
            }
        }
        return out;
    }

    private UUID id(JsonNode item, String at, Set<UUID> seen) {
        JsonNode id = item.get("id");
        if (id == null || id.isNull()) {
            return newIds.get();
        }
        try {
            UUID value = UUID.fromString(id.asText());
            if (!id.isTextual() || !value.toString().equals(id.asText().toLowerCase())) {
                throw new IllegalArgumentException();
            }
            if (!seen.add(value)) {
                errors.add(new ContentError(at + ".id", "is used twice"));
            }
            return value;
        } catch (IllegalArgumentException e) {
            errors.add(new ContentError(at + ".id", "must be a UUID (leave it out for a new item)"));
            return new UUID(0, 0);
        }
    }

    private void unknownFields(JsonNode item, String prefix, Set<String> known) {
        item.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                errors.add(new ContentError(prefix + name, "unknown field"));
            }
        });
    }

    private boolean array(JsonNode list, String at, int max) {
        if (list == null || list.isNull()) {
            return false;
        }
        if (!list.isArray()) {
            errors.add(new ContentError(at, "must be an array"));
            return false;
        }
        if (list.size() > max) {
            errors.add(new ContentError(at, "must have at most " + max + " items"));
            return false;
        }
        return true;
    }

    private boolean object(JsonNode item, String at) {
        if (item == null || !item.isObject()) {
            errors.add(new ContentError(at, "must be an object"));
            return false;
        }
        return true;
    }

    private String text(JsonNode item, String prefix, String field, int max, boolean required) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new ContentError(prefix + field, "is required"));
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            errors.add(new ContentError(prefix + field, "must be a non-empty text"));
            return null;
        }
        String text = value.asText().strip();
        if (text.length() > max) {
            errors.add(new ContentError(prefix + field, "must be at most " + max + " characters"));
            return null;
        }
        return text;
    }

    private BigDecimal number(JsonNode item, String prefix, String field) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            errors.add(new ContentError(prefix + field, "is required"));
            return null;
        }
        if (!value.isNumber()) {
            errors.add(new ContentError(prefix + field, "must be a number"));
            return null;
        }
        BigDecimal number = value.decimalValue();
        if (number.abs().compareTo(new BigDecimal("1e12")) >= 0 || Math.max(number.scale(), 0) > 4) {
            errors.add(new ContentError(prefix + field, "must be below 10^12 with at most 4 decimals"));
            return null;
        }
        return number.stripTrailingZeros().scale() < 0 ? number.setScale(0) : number.stripTrailingZeros();
    }

    private LocalDate date(JsonNode item, String prefix, String field) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            errors.add(new ContentError(prefix + field, "is required"));
            return null;
        }
        try {
            if (!value.isTextual()) {
                throw new DateTimeParseException("not text", value.asText(), 0);
            }
            LocalDate date = LocalDate.parse(value.asText());
            if (date.getYear() < 2000 || date.getYear() > 2100) {
                errors.add(new ContentError(prefix + field, "must be between 2000 and 2100"));
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            errors.add(new ContentError(prefix + field, "must be an ISO-8601 date (yyyy-mm-dd)"));
            return null;
        }
    }
}
