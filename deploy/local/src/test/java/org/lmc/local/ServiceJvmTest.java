package org.lmc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceJvmTest {
    @TempDir
    Path jdks;

    @Test
    void theLaunchersJdkRunsTheServicesUnlessLmcServiceJavaHomeSaysOtherwise() throws IOException {
        Path launcher = jdk("java-17-openjdk", "17.0.15");
        jdk("temurin-25-jdk", "25.0.3");

        ServiceJvm chosen = ServiceJvm.choose(Map.of(), launcher);

        assertThat(chosen.home()).isEqualTo(launcher);
        assertThat(chosen.version()).isEqualTo("17.0.15");
        assertThat(chosen.feature()).isEqualTo(17);
        assertThat(chosen.java()).isEqualTo(launcher.resolve("bin/java"));
        assertThat(chosen.classDataArchiveName()).isEqualTo("app-cds-17.0.15.jsa");
        assertThat(chosen.describe()).isEqualTo("17.0.15 (java-17-openjdk)");
    }

    @Test
    void lmcServiceJavaHomeDecidesWhenSet() throws IOException {
        Path launcher = jdk("java-17-openjdk", "17.0.15");
        Path elsewhere = jdk("temurin-25-jdk", "25.0.3");

        ServiceJvm chosen = ServiceJvm.choose(Map.of("LMC_SERVICE_JAVA_HOME", elsewhere.toString()), launcher);

        assertThat(chosen.home()).isEqualTo(elsewhere);
        assertThat(chosen.classDataArchiveName()).isEqualTo("app-cds-25.0.3.jsa");
        assertThat(chosen.describe()).isEqualTo("25.0.3 (temurin-25-jdk)");
    }

    @Test
    void lmcServiceJavaHomeThatIsNoUsableJdkIsAClearError() throws IOException {
        Path launcher = jdk("java-17-openjdk", "17.0.15");
        Path old = jdk("java-11-openjdk", "11.0.2");
        Files.createDirectories(jdks.resolve("jre-without-java/bin"));
        Files.writeString(jdks.resolve("jre-without-java/release"), "JAVA_VERSION=\"25.0.3\"\n");

        assertThatThrownBy(() -> ServiceJvm.choose(Map.of("LMC_SERVICE_JAVA_HOME", old.toString()), launcher))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("LMC_SERVICE_JAVA_HOME: " + old + " is not a JDK 17 or newer");
        assertThatThrownBy(() -> ServiceJvm.choose(Map.of("LMC_SERVICE_JAVA_HOME", jdks.resolve("missing").toString()), launcher))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("missing is not a JDK 17 or newer");
        assertThatThrownBy(() -> ServiceJvm.choose(Map.of("LMC_SERVICE_JAVA_HOME", jdks.resolve("jre-without-java").toString()),
                launcher)).isInstanceOf(StartupException.class).hasMessageContaining("jre-without-java is not a JDK 17 or newer");
    }

    @Test
    void compactObjectHeadersFromJava25UnlessTheOptionsDecide() throws IOException {
        ServiceJvm java25 = ServiceJvm.at(jdk("temurin-25-jdk", "25.0.3")).orElseThrow();
        ServiceJvm java21 = ServiceJvm.at(jdk("temurin-21-jdk", "21.0.8")).orElseThrow();

        assertThat(java25.versionOptions(List.of("-XX:+UseSerialGC"))).containsExactly("-XX:+UseCompactObjectHeaders");
        assertThat(java25.versionOptions(List.of("-XX:-UseCompactObjectHeaders"))).isEmpty();
        assertThat(java21.versionOptions(List.of("-XX:+UseSerialGC"))).isEmpty();
    }

    /** A folder that looks like a JDK: a release file with its version and an executable bin/java. */
    private Path jdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(jdks.resolve(name).resolve("bin")).getParent();
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }
}
