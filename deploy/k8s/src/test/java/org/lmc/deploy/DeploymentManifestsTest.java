package org.lmc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.JsonNode;
import org.lmc.contracts.EventJson;
import org.lmc.contracts.Topics;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders every kustomize overlay of deploy/k8s with {@code kubectl kustomize} and checks the objects against what the
 * services need, read from the services' own configuration (not from a list kept here): each variable a deployment
 * must set, each consumer's topics and dead-letter topics. docker-compose.yml is checked the same way.
 */
class DeploymentManifestsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();
    private static final List<String> SERVICES = List.of("registration-service", "plan-service", "funding-service",
            "notification-service");
    private static final List<String> EVENT_TOPICS = List.of(Topics.REGISTRATION_EVENTS, Topics.PLAN_EVENTS, Topics.FUNDING_EVENTS,
            Topics.NOTIFICATION_EVENTS);
    /** Secrets an install creates by hand (README, deploy/k8s/base/kustomization.yaml); never rendered from the repo. */
    private static final Set<String> INSTALL_SECRETS = Set.of("lmc-smtp", "lmc-backup-s3", "lmc-keycloak-clients", "lmc-web-session");
    private static final Path REALM_IMPORT = Path.of("deploy/k8s/base/keycloak-realm-import.yaml");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(LMC_[A-Z_]+):([^}]*)}");

    @Test
    void everyOverlayRendersAndHoldsTheInvariants() throws Exception {
        List<Path> overlays;
        try (Stream<Path> children = Files.list(ROOT.resolve("deploy/k8s/overlays"))) {
            overlays = children.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(overlays).extracting(p -> p.getFileName().toString()).contains("small", "large");
        for (Path overlay : overlays) {
            List<Map<String, Object>> objects = render(overlay);
            String where = "overlay " + overlay.getFileName();
            checkServices(where, objects);
            checkKafka(where, objects);
            checkDatabases(where, objects);
            assertThat(single(objects, "KeycloakRealmImport", "lmc-realm")).as(where + ": the realm import").isNotNull();
            assertThat(objects).as(where + ": no Secret is rendered from the repository (secrets come from the install)")
                    .noneMatch(o -> "Secret".equals(o.get("kind")));
        }
    }

    /**
     * The cluster's realm is the local realm file (deploy/keycloak) made fit for a real site: the same roles, clients,
     * claim mappers and user profile, without the demo people, without the password grant, the browser client's redirects
     * on the site's HTTPS addresses, the agency client's secret from an install Secret. Derived here from the realm file,
     * so the two cannot drift: when they differ, the import the realm file calls for is written to target/ to copy.
     */
    @Test
    void theClusterImportsTheLocalRealmWithoutItsDemoPeopleAndSecrets() throws IOException {
        JsonNode local = EventJson.MAPPER.readTree(ROOT.resolve("deploy/keycloak/lmc-realm.json").toFile());
        Map<String, Object> expected = realmImport(local);
        Map<String, Object> committed = cast(new Yaml(new LoaderOptions()).load(Files.readString(ROOT.resolve(REALM_IMPORT))));
        if (!EventJson.MAPPER.valueToTree(expected).equals(EventJson.MAPPER.valueToTree(committed))) {
            Path wanted = ROOT.resolve("deploy/k8s/target/keycloak-realm-import.yaml");
            Files.createDirectories(wanted.getParent());
            Files.writeString(wanted, IMPORT_HEADER + new Yaml().dumpAsMap(expected));
            fail(REALM_IMPORT + " is not the realm file made fit for a cluster; the import it calls for is in " + ROOT.relativize(wanted));
        }
        JsonNode realm = EventJson.MAPPER.valueToTree(committed).path("spec").path("realm");
        assertThat(realm.has("users")).as("no demo person in the cluster's realm").isFalse();
        assertThat(realm.findValues("directAccessGrantsEnabled")).as("no password grant").allMatch(v -> !v.asBoolean());
        assertThat(Files.readString(ROOT.resolve(REALM_IMPORT))).as("no local client secret in the cluster's realm")
                .doesNotContain(local.path("clients").findValuesAsText("secret").toArray(String[]::new));
    }

    static final String IMPORT_HEADER = """
            # The realm of deploy/keycloak/lmc-realm.json for a cluster's Keycloak (the Keycloak operator imports it into the
            # Keycloak named by keycloakCRName): no demo people (create real users with their org_id or funder_id, email
            # verified), no password grant, the browser client's redirects on the site's HTTPS addresses (the example
            # addresses of site.env; patch them in your overlay), the agency client's secret from the install Secret
            # lmc-keycloak-clients. Derived from the realm file by DeploymentManifestsTest, which fails when they drift.
            """;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> realmImport(JsonNode localRealm) {
        com.fasterxml.jackson.databind.node.ObjectNode realm = localRealm.deepCopy();
        realm.remove("users");
        realm.put("displayName", "LMC convenings");
        realm.put("sslRequired", "external");
        for (JsonNode client : realm.withArray("clients")) {
            com.fasterxml.jackson.databind.node.ObjectNode c = (com.fasterxml.jackson.databind.node.ObjectNode) client;
            c.put("directAccessGrantsEnabled", false);
            if (c.has("secret")) {
                c.put("secret", "${LMC_AGENCY_CLIENT_SECRET}");
            }
            if (c.has("redirectUris")) {
                c.putArray("redirectUris").add("https://registration.example.org/*").add("https://plans.example.org/*")
                        .add("https://funding.example.org/*").add("https://notifications.example.org/*");
            }
            if (c.path("description").asText().contains("for local use only")) {
                c.put("description", c.path("description").asText().replaceAll(";? ?password grant for local use only", ""));
            }
        }
        Map<String, Object> spec = new java.util.LinkedHashMap<>();
        spec.put("keycloakCRName", "lmc-keycloak");
        spec.put("realm", EventJson.MAPPER.convertValue(realm, Map.class));
        spec.put("placeholders", Map.of("LMC_AGENCY_CLIENT_SECRET", Map.of("secret", Map.of("name", "lmc-keycloak-clients", "key",
                "agency-client-secret"))));
        Map<String, Object> object = new java.util.LinkedHashMap<>();
        object.put("apiVersion", "k8s.keycloak.org/v2alpha1");
        object.put("kind", "KeycloakRealmImport");
        object.put("metadata", Map.of("name", "lmc-realm"));
        object.put("spec", spec);
        return object;
    }

    @Test
    void dockerComposeRunsEveryServiceWithItsWholeEnvironmentBehindHealthChecks() throws IOException {
        Map<String, Object> compose = new Yaml(new LoaderOptions()).load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Object> services = map(compose, "services");
        for (String service : SERVICES) {
            Map<String, Object> definition = map(services, service);
            Map<String, Object> environment = map(definition, "environment");
            assertThat(environment.keySet()).as("docker-compose %s environment", service)
                    .containsAll(requiredVariables(service)).contains("QUARKUS_HTTP_PORT");
            assertThat(String.valueOf(environment.get("LMC_DB_URL"))).as("%s owns its database", service)
                    .endsWith("/" + service.replace("-service", ""));
            assertThat(definition).as("%s health check", service).containsKey("healthcheck");
            assertThat(definition.get("image")).as("docker-compose %s runs the image the build makes", service).isEqualTo(image(service));
            assertThat(definition).as("docker-compose %s builds nothing of its own", service).doesNotContainKey("build");
            Map<String, Object> dependsOn = map(definition, "depends_on");
            for (String dependency : List.of("postgres", "kafka", "keycloak")) {
                assertThat(map(dependsOn, dependency)).as("%s waits for a healthy %s", service, dependency)
                        .containsEntry("condition", "service_healthy");
            }
        }
    }

    private static void checkServices(String where, List<Map<String, Object>> objects) throws IOException {
        Map<String, String> configMap = configMapData(objects, "lmc-common");
        for (String service : SERVICES) {
            String what = where + ", " + service;
            Map<String, Object> deployment = single(objects, "Deployment", service);
            Map<String, Object> spec = map(deployment, "spec");
            assertThat(number(spec, "replicas")).as(what + ": replicas").isGreaterThanOrEqualTo(2);
            Map<String, Object> pod = map(map(spec, "template"), "spec");
            assertThat(list(pod, "topologySpreadConstraints")).as(what + ": spread over nodes")
                    .anyMatch(c -> "kubernetes.io/hostname".equals(c.get("topologyKey")));
            List<Map<String, Object>> containers = list(pod, "containers");
            assertThat(containers).as(what + ": one container").hasSize(1);
            Map<String, Object> container = containers.get(0);
            assertThat(container.get("image")).as(what + ": the image the build makes").isEqualTo(image(service));
            assertThat(path(container, "startupProbe", "httpGet", "path")).as(what + ": startup probe").isEqualTo("/q/health/started");
            assertThat(path(container, "readinessProbe", "httpGet", "path")).as(what + ": readiness probe").isEqualTo("/q/health/ready");
            assertThat(path(container, "livenessProbe", "httpGet", "path")).as(what + ": liveness probe").isEqualTo("/q/health/live");
            assertThat(path(container, "resources", "requests", "cpu")).as(what + ": cpu request").isNotNull();
            assertThat(path(container, "resources", "requests", "memory")).as(what + ": memory request").isNotNull();
            assertThat(path(container, "resources", "limits", "memory")).as(what + ": memory limit").isNotNull();

            Set<String> set = new TreeSet<>();
            for (Map<String, Object> variable : list(container, "env")) {
                String name = (String) variable.get("name");
                set.add(name);
                assertThat(name.equals("LMC_DEPLOYMENT") && !"production".equals(variable.get("value")))
                        .as(what + ": a cluster runs as production, which refuses the demo secrets at start").isFalse();
                Map<String, Object> from = optionalMap(variable, "valueFrom");
                if (name.matches(".*(PASSWORD|SECRET|USER|USERNAME)$")) {
                    assertThat(from).as(what + ": " + name + " comes from a Secret, never a plain value").isNotNull()
                            .containsKey("secretKeyRef");
                }
                if (from != null && from.containsKey("configMapKeyRef")) {
                    Map<String, Object> ref = map(from, "configMapKeyRef");
                    assertThat(String.valueOf(ref.get("name"))).as(what + ": " + name).startsWith("lmc-common");
                    assertThat(configMap).as(what + ": " + name + " is in the ConfigMap").containsKey((String) ref.get("key"));
                }
                if (from != null && from.containsKey("secretKeyRef")) {
                    String secret = String.valueOf(map(from, "secretKeyRef").get("name"));
                    boolean databaseSecret = secret.endsWith("-db-app")
                            && objects.stream().anyMatch(o -> "Cluster".equals(o.get("kind"))
                                    && secret.equals(name(o) + "-app"));
                    assertThat(databaseSecret || INSTALL_SECRETS.contains(secret))
                            .as(what + ": secret " + secret + " is CloudNativePG's or a documented install secret").isTrue();
                }
            }
            assertThat(set).as(what + ": environment").containsAll(requiredVariables(service));

            assertThat(map(single(objects, "Service", service), "spec")).as(what + ": Service").containsKey("selector");
            Map<String, Object> budget = map(single(objects, "PodDisruptionBudget", service), "spec");
            assertThat(budget.containsKey("minAvailable") || budget.containsKey("maxUnavailable")).as(what + ": PDB").isTrue();
            Map<String, Object> scaler = map(single(objects, "HorizontalPodAutoscaler", service), "spec");
            assertThat(path(scaler, "scaleTargetRef", "name")).as(what + ": HPA target").isEqualTo(service);
            assertThat(number(scaler, "minReplicas")).as(what + ": HPA minimum").isGreaterThanOrEqualTo(2);
        }
    }

    private static void checkKafka(String where, List<Map<String, Object>> objects) throws IOException {
        List<Map<String, Object>> pools = objects.stream().filter(o -> "KafkaNodePool".equals(o.get("kind"))).toList();
        assertThat(pools.stream().filter(p -> list(map(p, "spec"), "roles").toString().contains("broker"))
                .mapToInt(p -> number(map(p, "spec"), "replicas")).sum()).as(where + ": brokers").isGreaterThanOrEqualTo(3);
        assertThat(pools).as(where + ": KRaft controllers").anyMatch(p -> list(map(p, "spec"), "roles").toString().contains("controller"));
        Map<String, Object> kafka = objects.stream().filter(o -> "Kafka".equals(o.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError(where + ": no Kafka"));
        Map<String, Object> config = map(map(map(kafka, "spec"), "kafka"), "config");
        assertThat(number(config, "default.replication.factor")).as(where + ": default RF").isEqualTo(3);
        assertThat(number(config, "min.insync.replicas")).as(where + ": min ISR").isEqualTo(2);
        assertThat(String.valueOf(config.get("auto.create.topics.enable"))).as(where + ": topics declared, not auto-created")
                .isEqualTo("false");

        Set<String> expected = new TreeSet<>(EVENT_TOPICS);
        for (String service : SERVICES) {
            Properties properties = properties(service);
            String consumer = properties.getProperty("lmc.messaging.inbox.consumer");
            if (consumer != null) {
                for (String topic : properties.getProperty("lmc.messaging.inbox.topics").split(",")) {
                    expected.add(Topics.deadLetter(topic.strip(), consumer));
                }
            }
        }
        List<Map<String, Object>> topics = objects.stream().filter(o -> "KafkaTopic".equals(o.get("kind"))).toList();
        assertThat(topics).extracting(DeploymentManifestsTest::name).as(where + ": topics").containsExactlyInAnyOrderElementsOf(expected);
        int maxReplicas = objects.stream().filter(o -> "HorizontalPodAutoscaler".equals(o.get("kind")))
                .mapToInt(o -> number(map(o, "spec"), "maxReplicas")).max().orElse(1);
        for (Map<String, Object> topic : topics) {
            Map<String, Object> spec = map(topic, "spec");
            assertThat(number(spec, "replicas")).as(where + ": RF of " + name(topic)).isEqualTo(3);
            Map<String, Object> topicConfig = optionalMap(spec, "config");
            if (topicConfig != null && topicConfig.containsKey("min.insync.replicas")) {
                assertThat(number(topicConfig, "min.insync.replicas")).as(where + ": min ISR of " + name(topic)).isEqualTo(2);
            }
            if (EVENT_TOPICS.contains(name(topic))) {
                assertThat(number(spec, "partitions")).as(where + ": partitions of " + name(topic) + " for every consumer replica")
                        .isGreaterThanOrEqualTo(maxReplicas);
            }
        }
    }

    private static void checkDatabases(String where, List<Map<String, Object>> objects) {
        for (String service : SERVICES) {
            String cluster = service.replace("-service", "") + "-db";
            Map<String, Object> spec = map(single(objects, "Cluster", cluster), "spec");
            assertThat(number(spec, "instances")).as(where + ": " + cluster + " has a replica").isGreaterThanOrEqualTo(2);
            assertThat(optionalMap(spec, "backup")).as(where + ": " + cluster + " backups").isNotNull().containsKey("barmanObjectStore");
            assertThat(objects).as(where + ": scheduled backup of " + cluster).anyMatch(o -> "ScheduledBackup".equals(o.get("kind"))
                    && cluster.equals(path(map(o, "spec"), "cluster", "name")));
        }
    }

    /**
     * The variables a deployment must set for a service: those whose default only works on a developer's machine
     * (a loopback or example address) and credentials, from the service's and the platform's configuration.
     */
    /**
     * The image Jib builds for a service (platform/service-parent's {@code images} profile): name and tag from that pom,
     * so a renamed or re-tagged image fails here until compose and the manifests follow.
     */
    private static String image(String service) throws IOException {
        String pom = Files.readString(ROOT.resolve("platform/service-parent/pom.xml"));
        String name = pomProperty(pom, "lmc.image.name").replace("${project.artifactId}", service);
        String tag = pomProperty(pom, "lmc.image.tag");
        assertThat(pom).as("the images profile tags what the properties say")
                .contains("<image>${lmc.image.name}:${lmc.image.tag}</image>");
        return name + ":" + tag;
    }

    private static String pomProperty(String pom, String property) {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</" + Pattern.quote(property) + ">").matcher(pom);
        assertThat(matcher.find()).as("property %s in platform/service-parent/pom.xml", property).isTrue();
        return matcher.group(1).trim();
    }

    private static Set<String> requiredVariables(String service) throws IOException {
        Set<String> required = new TreeSet<>();
        List<Path> files = List.of(ROOT.resolve(service + "/src/main/resources/application.properties"),
                ROOT.resolve("platform/web/src/main/resources/META-INF/microprofile-config.properties"),
                ROOT.resolve("platform/messaging/src/main/resources/META-INF/microprofile-config.properties"));
        for (Path file : files) {
            Matcher m = VARIABLE.matcher(Files.readString(file));
            while (m.find()) {
                String name = m.group(1);
                String fallback = m.group(2);
                if (fallback.contains("127.0.0.1") || fallback.contains("localhost") || fallback.contains("example.org")
                        || name.endsWith("_USER") || name.endsWith("_PASSWORD")) {
                    required.add(name);
                }
            }
        }
        if ("true".equals(properties(service).getProperty("quarkus.oidc.web.tenant-enabled"))) {
            required.add("LMC_WEB_SESSION_SECRET"); // signed-in pages: production refuses to start without it
        }
        assertThat(required).as(service + " reads its database, broker and issuer from the environment")
                .contains("LMC_DB_URL", "LMC_KAFKA_BOOTSTRAP", "LMC_OIDC_URL");
        return required;
    }

    private static Properties properties(String service) throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(ROOT.resolve(service + "/src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    private static List<Map<String, Object>> render(Path overlay) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed to render deploy/k8s (Debian: apt-get install kubernetes-client): "
                    + e.getMessage(), e);
        }
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("kubectl kustomize " + overlay + " failed: " + err);
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml(new LoaderOptions()).loadAll(new String(out, StandardCharsets.UTF_8))) {
            if (document != null) {
                objects.add(cast(document));
            }
        }
        assertThat(objects).as("objects rendered from " + overlay).isNotEmpty();
        return objects;
    }

    private static Map<String, String> configMapData(List<Map<String, Object>> objects, String prefix) {
        Map<String, Object> configMap = objects.stream().filter(o -> "ConfigMap".equals(o.get("kind")) && name(o).startsWith(prefix))
                .findFirst().orElseThrow(() -> new AssertionError("no ConfigMap " + prefix));
        Map<String, String> data = cast(configMap.get("data"));
        return Objects.requireNonNull(data);
    }

    private static Map<String, Object> single(List<Map<String, Object>> objects, String kind, String name) {
        List<Map<String, Object>> found = objects.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(name(o))).toList();
        assertThat(found).as("one %s %s", kind, name).hasSize(1);
        return found.get(0);
    }

    private static String name(Map<String, Object> object) {
        return String.valueOf(map(object, "metadata").get("name"));
    }

    private static Object path(Map<String, Object> object, String... keys) {
        Object current = object;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    private static int number(Map<String, Object> object, String key) {
        Object value = object.get(key);
        assertThat(value).as(key).isNotNull();
        return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString());
    }

    private static Map<String, Object> map(Map<String, Object> object, String key) {
        Map<String, Object> value = optionalMap(object, key);
        assertThat(value).as(key).isNotNull();
        return value;
    }

    private static Map<String, Object> optionalMap(Map<String, Object> object, String key) {
        return object == null ? null : cast(object.get(key));
    }

    private static List<Map<String, Object>> list(Map<String, Object> object, String key) {
        List<Map<String, Object>> value = cast(object.get(key));
        return value == null ? List.of() : value;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
