package org.lmc.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code ./lmc dead-letters list|redrive <service> [eventId|--all]}: the dead letters of a service running in the
 * local stack, through its admin API, with the demo admin's token from the local Keycloak.
 */
public final class DeadLetterCommand {
    static final String USAGE = "usage: ./lmc dead-letters list <service> | redrive <service> <eventId> | redrive <service> --all"
            + "   (service: registration, plan, funding, notification)";

    private DeadLetterCommand() {
    }

    public static void main(String[] args) {
        int code;
        try {
            Path root = Path.of(System.getProperty("lmc.root", ".")).toAbsolutePath().normalize();
            code = run(args, StackConfig.fromEnvironment(root, System.getenv()), new Http(), System.out);
        } catch (IllegalArgumentException e) {
            System.out.println("lmc: " + e.getMessage());
            code = 2;
        } catch (DemoFailure e) {
            System.out.println("lmc: " + e.getMessage() + " (is the stack running? ./lmc up)");
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    static int run(String[] args, StackConfig config, Http http, PrintStream out) {
        boolean list = args.length == 2 && args[0].equals("list");
        boolean redrive = args.length == 3 && args[0].equals("redrive");
        if (!list && !redrive) {
            out.println(USAGE);
            return 2;
        }
        ServiceDef service = ServiceDef.byShortName(args[1]);
        String url = "http://127.0.0.1:" + config.port(service) + "/api/v1/admin/dead-letters";
        String token = new KeycloakTokens(config, http).user("admin");
        Http.Response response = list ? http.get(url, token)
                : http.postJson(url + "/redrive", token, args[2].equals("--all") ? Map.of("all", true) : Map.of("eventId", args[2]),
                        Map.of());
        if (response.status() != 200) {
            out.println("lmc: " + service.module() + " answered " + response.status() + ": " + response.brief());
            return 1;
        }
        JsonNode body = response.json();
        if (list) {
            JsonNode letters = body.path("deadLetters");
            out.printf("%s, consumer %s: %d open dead letter(s)%n", service.module(), body.path("consumer").asText(), letters.size());
            for (JsonNode d : letters) {
                out.printf("%s  %s  %s  %s/%d/%d  %s x%d: %s%n", d.path("deadLetteredAt").asText(), d.path("eventId").asText(),
                        d.path("eventType").asText("-"), d.path("topic").asText(), d.path("partition").asInt(), d.path("offset").asLong(),
                        d.path("reasonKind").asText(), d.path("attempts").asInt(), d.path("reason").asText());
            }
        } else {
            JsonNode results = body.path("results");
            out.printf("%s, consumer %s: %d replayed%n", service.module(), body.path("consumer").asText(), results.size());
            for (JsonNode r : results) {
                out.printf("%s  %s%s%n", r.path("eventId").asText(), r.path("outcome").asText(),
                        r.path("reason").isTextual() ? ": " + r.path("reason").asText() : "");
            }
        }
        return 0;
    }
}
