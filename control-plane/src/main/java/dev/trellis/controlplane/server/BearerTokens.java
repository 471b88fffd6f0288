package dev.trellis.controlplane.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Known bearer tokens by the SHA-256 of their text, each naming who holds it. The control plane never
 * keeps a token itself, only its hash: a leaked tokens file lets nobody in.
 *
 * <p>File format: one {@code <name> <sha256 hex>} per line; blank lines and {@code #} comments ignored.
 */
public final class BearerTokens {
    private final Map<String, String> holderByHash;

    private BearerTokens(Map<String, String> holderByHash) {
        this.holderByHash = Map.copyOf(holderByHash);
    }

    public static BearerTokens of(Map<String, String> holderByHash) {
        return new BearerTokens(holderByHash);
    }

    /** Reads a tokens file; a malformed line fails naming the file and line number. */
    public static BearerTokens read(Path file) throws IOException {
        Map<String, String> byHash = new HashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            if (parts.length != 2 || !parts[1].matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(file + ":" + n + ": '" + l
                        + "' (expected: <name> <sha256 of the token, 64 lower-case hex digits>)");
            }
            byHash.put(parts[1], parts[0]);
        }
        return new BearerTokens(byHash);
    }

    /** Holder by token hash. */
    public Map<String, String> holders() {
        return holderByHash;
    }

    /** Who holds {@code token}, if it is known. */
    public Optional<String> holder(String token) {
        return Optional.ofNullable(holderByHash.get(sha256(token)));
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
