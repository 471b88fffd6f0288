package dev.trellis.controlplane.ca;

import dev.trellis.core.tls.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA kept in a directory (local mode), in the four files an operator may also provide:
 * {@code ca-cert.pem} (the signing certificate), {@code ca-key.pem} (its key, mode 0600),
 * {@code cert-chain.pem} (from the signer up to and including the root) and {@code root-cert.pem} (every
 * root the mesh trusts, concatenated). Missing files mean first start: a new root is made and written.
 */
public final class CaDirectory {
    private static final Logger log = LoggerFactory.getLogger(CaDirectory.class);
    static final String CA_CERT = "ca-cert.pem";
    static final String CA_KEY = "ca-key.pem";
    static final String CERT_CHAIN = "cert-chain.pem";
    static final String ROOT_CERT = "root-cert.pem";

    private final Path dir;

    public CaDirectory(Path dir) {
        this.dir = dir;
    }

    /** What the directory holds: the signer and the trusted roots. */
    public record Contents(SigningAuthority signer, List<X509Certificate> roots) {
    }

    /** Loads the CA, or creates a new root when the directory holds none. */
    public Contents loadOrCreate(String trustDomain, Clock clock) throws IOException {
        if (Files.exists(dir.resolve(CA_KEY))) {
            return load();
        }
        SigningAuthority root = CertificateAuthority.newRoot(trustDomain, clock);
        Contents created = new Contents(root, List.of(root.root()));
        save(created);
        log.info("ca: created a new root CA in {} ({})", dir, root.root().getSubjectX500Principal());
        return created;
    }

    /** Reads the four files; fails naming the file and what is wrong with it. */
    public Contents load() throws IOException {
        X509Certificate signer = single(CA_CERT);
        var key = Pem.privateKey(read(CA_KEY));
        List<X509Certificate> chain = Pem.certificates(read(CERT_CHAIN));
        List<X509Certificate> roots = Pem.certificates(read(ROOT_CERT));
        if (chain.isEmpty() || !chain.getFirst().equals(signer)) {
            throw new IllegalArgumentException(dir.resolve(CERT_CHAIN) + ": must start with the signing certificate "
                    + "of " + CA_CERT);
        }
        X509Certificate root = chain.getLast();
        if (!roots.contains(root)) {
            throw new IllegalArgumentException(dir.resolve(ROOT_CERT) + ": does not hold the root of "
                    + CERT_CHAIN + " (" + root.getSubjectX500Principal() + ")");
        }
        List<X509Certificate> above = chain.size() > 2 ? chain.subList(1, chain.size() - 1) : List.of();
        return new Contents(new SigningAuthority(signer, key, above, root), roots);
    }

    /** Writes the CA (after creation or a rotation), each file replaced atomically. */
    public void save(Contents contents) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        SigningAuthority s = contents.signer();
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(s.certificate());
        chain.addAll(s.chainAboveSigner());
        if (!s.isRoot()) {
            chain.add(s.root());
        }
        write(CA_KEY, Pem.encode(s.key()), "rw-------");
        write(CA_CERT, Pem.encode(s.certificate()), "rw-r--r--");
        write(CERT_CHAIN, String.join("", chain.stream().map(Pem::encode).toList()), "rw-r--r--");
        write(ROOT_CERT, String.join("", contents.roots().stream().map(Pem::encode).toList()), "rw-r--r--");
    }

    private X509Certificate single(String file) throws IOException {
        List<X509Certificate> certs = Pem.certificates(read(file));
        if (certs.size() != 1) {
            throw new IllegalArgumentException(dir.resolve(file) + ": holds " + certs.size()
                    + " certificates (expected: 1)");
        }
        return certs.getFirst();
    }

    private String read(String file) throws IOException {
        Path p = dir.resolve(file);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(p + ": missing (a CA directory holds " + CA_CERT + ", " + CA_KEY + ", "
                    + CERT_CHAIN + " and " + ROOT_CERT + ")");
        }
        return Files.readString(p);
    }

    private void write(String file, String content, String mode) throws IOException {
        Path tmp = Files.createTempFile(dir, "." + file, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        Files.writeString(tmp, content);
        Files.move(tmp, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
