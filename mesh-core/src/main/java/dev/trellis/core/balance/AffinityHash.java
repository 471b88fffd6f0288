package dev.trellis.core.balance;

import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.ServiceKey;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * Ring hash (session affinity): the same key sticks to one endpoint, chosen by rendezvous (highest random
 * weight) hashing of (key, endpoint address). At L4 the key is the calling workload's uid (there is no header
 * or cookie); at L7 the value of the policy's header or cookie. Adding or removing an endpoint moves only the
 * keys that hashed to it; the fallbacks are the next-highest weights.
 */
public final class AffinityHash implements LoadBalancer {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    @Override
    public List<Endpoint> order(ServiceKey service, List<Endpoint> healthy, String affinityKey) {
        byte[] caller = affinityKey.getBytes(StandardCharsets.UTF_8);
        return healthy.stream()
                .sorted(Comparator.comparingLong((Endpoint e) -> weight(caller, e)).reversed())
                .toList();
    }

    private static long weight(byte[] caller, Endpoint endpoint) {
        long h = FNV_OFFSET;
        for (byte b : caller) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        h = (h ^ '|') * FNV_PRIME;
        for (byte b : endpoint.address().getAddress()) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        // Final avalanche (the 64-bit finalizer of MurmurHash3), so close addresses get unrelated weights.
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
