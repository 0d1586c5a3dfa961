package org.lmc.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A service's image as Jib's {@code buildTar} writes it ({@code <service>/target/jib-image.tar}, platform/service-parent's
 * {@code images} profile), run with no container engine: its layers unpacked in order into a root filesystem, then its
 * entrypoint started there by {@code chroot}, in a mount namespace of its own (/proc and /dev mounted), as the image's
 * user, in its working directory, with its environment. This is how {@code LMC_SERVICE_IMAGES=true ./lmc demo} proves on a
 * machine without Docker that the images the build makes are whole and run the platform. Needs root.
 */
final class ServiceImage {
    private final Path rootfs;
    private final List<String> entrypoint;
    private final List<String> environment;
    private final String user;
    private final String workingDirectory;

    private ServiceImage(Path rootfs, List<String> entrypoint, List<String> environment, String user, String workingDirectory) {
        this.rootfs = rootfs;
        this.entrypoint = entrypoint;
        this.environment = environment;
        this.user = user;
        this.workingDirectory = workingDirectory;
    }

    /**
     * Unpacks {@code s}'s image under {@code imagesDir} (again only when its tarball is newer than the last unpacking)
     * and reads its configuration.
     */
    static ServiceImage unpack(ServiceDef s, Path projectRoot, Path imagesDir) {
        String name = s.module();
        Path tarball = projectRoot.resolve(name).resolve("target").resolve("jib-image.tar");
        if (!Files.isRegularFile(tarball)) {
            throw new StartupException("no image " + tarball.getFileName() + " for " + name + ": build the images first (./lmc images)");
        }
        Path saved = imagesDir.resolve(name + ".image");
        Path rootfs = imagesDir.resolve(name + ".rootfs");
        try {
            FileTime built = Files.getLastModifiedTime(tarball);
            Path runJar = s.runJar(projectRoot);
            if (Files.exists(runJar) && Files.getLastModifiedTime(runJar).compareTo(built) > 0) {
                throw new StartupException(name + ": its image is older than its last build; build the images again (./lmc images)");
            }
            Path stamp = imagesDir.resolve(name + ".unpacked");
            if (!Files.exists(stamp) || Files.getLastModifiedTime(stamp).compareTo(built) < 0) {
                deleteTree(saved);
                deleteTree(rootfs);
                Files.createDirectories(saved);
                Files.createDirectories(rootfs);
                run("tar", "-xf", tarball.toString(), "-C", saved.toString());
                for (JsonNode layer : manifest(saved).path("Layers")) {
                    // Jib's layers add files only (no whiteouts), so extracting them in order is the image's filesystem.
                    Path layerTar = saved.resolve(layer.asText());
                    run("tar", "--numeric-owner", "--warning=no-unknown-keyword", "-xf", layerTar.toString(), "-C", rootfs.toString());
                    // Only the manifest and the configuration are read again.
                    Files.delete(layerTar);
                }
                Files.writeString(stamp, tarball + "\n");
                Files.setLastModifiedTime(stamp, built);
            }
            JsonNode config = Http.JSON.readTree(saved.resolve(manifest(saved).path("Config").asText()).toFile()).path("config");
            List<String> entrypoint = strings(config.path("Entrypoint"));
            entrypoint.addAll(strings(config.path("Cmd")));
            if (entrypoint.isEmpty()) {
                throw new StartupException(tarball + ": the image has no entrypoint");
            }
            String user = config.path("User").asText("");
            String workingDirectory = config.path("WorkingDir").asText("");
            return new ServiceImage(rootfs, entrypoint, strings(config.path("Env")), user.isEmpty() ? "0:0" : user,
                    workingDirectory.isEmpty() ? "/" : workingDirectory);
        } catch (IOException e) {
            throw new StartupException("cannot unpack " + tarball + ": " + e.getMessage());
        }
    }

    /**
     * The command that runs the image's entrypoint with the image's environment, over which {@code javaOptions} come in
     * {@code JAVA_TOOL_OPTIONS} (as a cluster passes them); the service's own variables come from the process's
     * environment. {@code --kill-child}: a kill -9 of this command ends the service too.
     */
    List<String> command(List<String> javaOptions) {
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--kill-child", "--", "/bin/sh", "-c",
                // sh -c SCRIPT ROOT USER PROGRAM...: $0 is the root, $1 the user, the rest the program to run in the root.
                "r=\"$0\"; u=\"$1\"; shift; mount -t proc proc \"$r/proc\" && mount --rbind /dev \"$r/dev\""
                        + " && exec chroot --userspec=\"$u\" \"$r\" \"$@\"",
                rootfs.toString(), user, "env", "--chdir=" + workingDirectory));
        command.addAll(environment);
        command.add("JAVA_TOOL_OPTIONS=" + String.join(" ", javaOptions));
        command.addAll(entrypoint);
        return List.copyOf(command);
    }

    private static JsonNode manifest(Path saved) throws IOException {
        JsonNode manifest = Http.JSON.readTree(saved.resolve("manifest.json").toFile());
        if (!manifest.isArray() || manifest.size() != 1) {
            throw new IOException("manifest.json should describe one image");
        }
        return manifest.get(0);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static void run(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
