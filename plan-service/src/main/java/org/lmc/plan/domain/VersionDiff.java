package org.lmc.plan.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed between two versions of a plan, by path: an item is added, removed or changed. Measures and
 * milestones are matched by id ({@code measures[id=...]}), chosen principles by their number
 * ({@code principles[principle=5]}), so a reordering or an insertion does not read as every later item changed;
 * other lists by position. A whole added or removed item is one change at its path.
 */
public final class VersionDiff {

    public enum Kind { ADDED, REMOVED, CHANGED }

    /** One difference; {@code before} is null for ADDED, {@code after} for REMOVED. */
    public record Change(String path, Kind kind, JsonNode before, JsonNode after) {
    }

    private VersionDiff() {
    }

    public static List<Change> between(JsonNode from, JsonNode to) {
        List<Change> changes = new ArrayList<>();
        compare("", from, to, changes);
        return changes;
    }

    private static void compare(String path, JsonNode before, JsonNode after, List<Change> changes) {
        if (before.isObject() && after.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(names::add);
            after.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String at = path.isEmpty() ? name : path + "." + name;
                JsonNode b = before.get(name);
                JsonNode a = after.get(name);
                if (b == null) {
                    changes.add(new Change(at, Kind.ADDED, null, a));
                } else if (a == null) {
                    changes.add(new Change(at, Kind.REMOVED, b, null));
                } else {
                    compare(at, b, a, changes);
                }
            }
        } else if (before.isArray() && after.isArray()) {
            String key = keyOf(before, after);
            if (key == null) {
                int common = Math.min(before.size(), after.size());
                for (int i = 0; i < common; i++) {
                    compare(path + "[" + i + "]", before.get(i), after.get(i), changes);
                }
                for (int i = common; i < before.size(); i++) {
                    changes.add(new Change(path + "[" + i + "]", Kind.REMOVED, before.get(i), null));
                }
                for (int i = common; i < after.size(); i++) {
                    changes.add(new Change(path + "[" + i + "]", Kind.ADDED, null, after.get(i)));
                }
            } else {
                Map<String, JsonNode> b = byKey(before, key);
                Map<String, JsonNode> a = byKey(after, key);
                for (Map.Entry<String, JsonNode> entry : b.entrySet()) {
                    String at = path + "[" + key + "=" + entry.getKey() + "]";
                    JsonNode other = a.get(entry.getKey());
                    if (other == null) {
                        changes.add(new Change(at, Kind.REMOVED, entry.getValue(), null));
                    } else {
                        compare(at, entry.getValue(), other, changes);
                    }
                }
                for (Map.Entry<String, JsonNode> entry : a.entrySet()) {
                    if (!b.containsKey(entry.getKey())) {
                        changes.add(new Change(path + "[" + key + "=" + entry.getKey() + "]", Kind.ADDED, null, entry.getValue()));
                    }
                }
            }
        } else if (!before.equals(after)) {
            changes.add(new Change(path, Kind.CHANGED, before, after));
        }
    }

    /** The identifying field shared by every element of both lists ({@code id} or {@code principle}), or null. */
    private static String keyOf(JsonNode before, JsonNode after) {
        for (String key : List.of("id", "principle")) {
            if (allHave(before, key) && allHave(after, key) && (!before.isEmpty() || !after.isEmpty())) {
                return key;
            }
        }
        return null;
    }

    private static boolean allHave(JsonNode list, String key) {
        for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
            JsonNode element = it.next();
            if (!element.isObject() || !element.hasNonNull(key)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, JsonNode> byKey(JsonNode list, String key) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        list.forEach(element -> map.put(element.get(key).asText(), element));
        return map;
    }
}
