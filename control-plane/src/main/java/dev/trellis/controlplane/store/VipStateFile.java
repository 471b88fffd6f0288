package dev.trellis.controlplane.store;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The VIPs a store allocated, kept in a file so that a restart gives every Service the same VIP: a YAML
 * mapping of {@code <namespace>/<name>} to address, written whole to a temporary file then renamed.
 */
final class VipStateFile {

    static final String FILE_NAME = ".trellis-vips.yaml";

    private VipStateFile() {
    }

    /**
     * The allocations in {@code file}; none when it does not exist.
     *
     * @throws IOException when it cannot be read or is not such a mapping (the message says which entry)
     */
    static Map<ObjectKey, InetAddress> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Map.of();
        }
        Object parsed;
        try {
            parsed = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        } catch (YamlEngineException e) {
            throw new IOException(file.getFileName() + ": not valid YAML: " + e.getMessage(), e);
        }
        if (parsed == null) {
            return Map.of();
        }
        if (!(parsed instanceof Map<?, ?> entries)) {
            throw new IOException(file.getFileName() + ": " + FieldReader.describe(parsed)
                    + " (expected: a mapping of <namespace>/<name> to address)");
        }
        Map<ObjectKey, InetAddress> vips = new TreeMap<>();
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            String[] parts = String.valueOf(e.getKey()).split("/", -1);
            if (parts.length != 2 || !(e.getValue() instanceof String ip)) {
                throw new IOException(file.getFileName() + ": " + e.getKey() + ": " + FieldReader.describe(
                        e.getValue()) + " (expected: <namespace>/<name>: <address>)");
            }
            try {
                vips.put(ObjectKey.of(Kind.SERVICE, parts[0], parts[1]), Names.ip(ip, String.valueOf(e.getKey())));
            } catch (FieldException bad) {
                throw new IOException(file.getFileName() + ": " + bad.getMessage(), bad);
            }
        }
        return vips;
    }

    static void write(Path file, Map<ObjectKey, InetAddress> vips) throws IOException {
        StringBuilder text = new StringBuilder("# VIPs allocated by the Trellis control plane; kept so that a "
                + "restart gives each Service the same VIP.\n");
        new TreeMap<>(vips).forEach((key, vip) -> text.append('"').append(key.namespace()).append('/')
                .append(key.name()).append("\": \"").append(vip.getHostAddress()).append("\"\n"));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
