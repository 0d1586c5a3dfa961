package org.lmc.local;

import java.nio.file.Path;

/** The four services of the platform as the local stack runs them. */
public enum ServiceDef {
    REGISTRATION("registration", "registration-service", "registration", 8081, "LMC_REGISTRATION_PORT"),
    PLAN("plan", "plan-service", "plan", 8082, "LMC_PLAN_PORT"),
    FUNDING("funding", "funding-service", "funding", 8083, "LMC_FUNDING_PORT"),
    NOTIFICATION("notification", "notification-service", "notification", 8084, "LMC_NOTIFICATION_PORT");

    private final String shortName;
    private final String module;
    private final String database;
    private final int defaultPort;
    private final String portVariable;

    ServiceDef(String shortName, String module, String database, int defaultPort, String portVariable) {
        this.shortName = shortName;
        this.module = module;
        this.database = database;
        this.defaultPort = defaultPort;
        this.portVariable = portVariable;
    }

    /** As in {@code LMC_SERVICES=registration,notification}. */
    public String shortName() {
        return shortName;
    }

    /** The Maven module folder, also the service's name in logs and tables. */
    public String module() {
        return module;
    }

    public String database() {
        return database;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String portVariable() {
        return portVariable;
    }

    /** The runnable Quarkus application built by {@code ./mvnw install}. */
    public Path runJar(Path root) {
        return root.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    public static ServiceDef byShortName(String name) {
        for (ServiceDef s : values()) {
            if (s.shortName.equals(name) || s.module.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown service '" + name + "' (known: registration, plan, funding, notification)");
    }
}
