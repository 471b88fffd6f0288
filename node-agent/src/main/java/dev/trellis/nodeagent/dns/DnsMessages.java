package dev.trellis.nodeagent.dns;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The little of the DNS wire format (RFC 1035) the proxy needs: read a query's question, and write an
 * answer of A or AAAA records for it. Anything else is forwarded untouched, so it is never parsed.
 */
public final class DnsMessages {
    static final int HEADER = 12;
    static final int TYPE_A = 1;
    static final int TYPE_AAAA = 28;
    static final int CLASS_IN = 1;
    /** Seconds a client may cache an answer: short, since VIPs rarely change but endpoints of headless do. */
    static final int TTL = 30;
    private static final int MAX_NAME = 255;

    private DnsMessages() {
    }

    /** A query's first question. */
    public record Question(int id, String name, int type, int qclass, boolean recursionDesired, int questionEnd) {
    }

    /**
     * Reads the header and first question of a query.
     *
     * @throws MalformedDnsException when the message is not a query or its question cannot be read
     */
    public static Question readQuestion(ByteBuffer message) {
        ByteBuffer m = message.duplicate();
        if (m.remaining() < HEADER) {
            throw new MalformedDnsException("message of " + m.remaining() + " bytes (expected: at least 12)");
        }
        int start = m.position();
        int id = m.getShort(start) & 0xffff;
        int flags = m.getShort(start + 2) & 0xffff;
        if ((flags & 0x8000) != 0) {
            throw new MalformedDnsException("a response, not a query");
        }
        int questions = m.getShort(start + 4) & 0xffff;
        if (questions < 1) {
            throw new MalformedDnsException("no question");
        }
        m.position(start + HEADER);
        StringBuilder name = new StringBuilder();
        while (true) {
            if (!m.hasRemaining()) {
                throw new MalformedDnsException("question name runs past the message");
            }
            int length = m.get() & 0xff;
            if (length == 0) {
                break;
            }
            if (length > 63 || m.remaining() < length) {
                throw new MalformedDnsException("label of length " + length + " (expected: 1-63, within the message)");
            }
            byte[] label = new byte[length];
            m.get(label);
            if (!name.isEmpty()) {
                name.append('.');
            }
            name.append(new String(label, StandardCharsets.US_ASCII));
            if (name.length() > MAX_NAME) {
                throw new MalformedDnsException("name longer than " + MAX_NAME + " characters");
            }
        }
        if (m.remaining() < 4) {
            throw new MalformedDnsException("question type and class missing");
        }
        int type = m.getShort() & 0xffff;
        int qclass = m.getShort() & 0xffff;
        return new Question(id, name.toString(), type, qclass, (flags & 0x0100) != 0, m.position() - start);
    }

    /**
     * The answer to {@code question} from {@code names}, or empty when the proxy does not own the name (or
     * the type is neither A nor AAAA) and the query should be forwarded.
     */
    public static Optional<ByteBuffer> answer(ByteBuffer query, Question question, ServiceNames names) {
        if (question.qclass() != CLASS_IN || (question.type() != TYPE_A && question.type() != TYPE_AAAA)) {
            return Optional.empty();
        }
        Optional<List<InetAddress>> found = names.lookup(question.name(), question.type() == TYPE_AAAA);
        if (found.isEmpty()) {
            return names.authoritativeFor(question.name()) ? Optional.of(header(query, question, 3)) : Optional.empty();
        }
        List<InetAddress> addresses = found.get();
        int recordLength = question.type() == TYPE_A ? 4 : 16;
        ByteBuffer out = ByteBuffer.allocate(question.questionEnd() + addresses.size() * (12 + recordLength));
        out.putShort((short) question.id());
        // QR=1, opcode 0, AA=1 (we are the authority for mesh names), RD copied, RA=1, RCODE=0.
        out.putShort((short) (0x8000 | 0x0400 | (question.recursionDesired() ? 0x0100 : 0) | 0x0080));
        out.putShort((short) 1).putShort((short) addresses.size()).putShort((short) 0).putShort((short) 0);
        ByteBuffer q = query.duplicate();
        q.position(q.position() + HEADER).limit(q.position() + question.questionEnd() - HEADER);
        out.put(q);
        for (InetAddress a : addresses) {
            out.putShort((short) 0xc00c); // pointer to the question's name at offset 12
            out.putShort((short) question.type()).putShort((short) CLASS_IN).putInt(TTL);
            out.putShort((short) recordLength).put(a.getAddress());
        }
        return Optional.of(out.flip());
    }

    /** A SERVFAIL answer to {@code question} (upstream unreachable or timed out). */
    public static ByteBuffer serverFailure(ByteBuffer query, Question question) {
        return header(query, question, 2);
    }

    /** An answer with no records and {@code rcode} (2 SERVFAIL; 3 NXDOMAIN, given with authority). */
    private static ByteBuffer header(ByteBuffer query, Question question, int rcode) {
        ByteBuffer out = ByteBuffer.allocate(question.questionEnd());
        out.putShort((short) question.id());
        out.putShort((short) (0x8000 | (rcode == 3 ? 0x0400 : 0) | (question.recursionDesired() ? 0x0100 : 0)
                | 0x0080 | rcode));
        out.putShort((short) 1).putShort((short) 0).putShort((short) 0).putShort((short) 0);
        ByteBuffer q = query.duplicate();
        q.position(q.position() + HEADER).limit(q.position() + question.questionEnd() - HEADER);
        return out.put(q).flip();
    }
}
