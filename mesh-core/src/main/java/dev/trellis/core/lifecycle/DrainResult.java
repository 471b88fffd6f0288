package dev.trellis.core.lifecycle;

import java.util.List;

/**
 * How a drain ended.
 *
 * @param forced the names of the parts that were still open at the deadline and were force-closed (empty
 *     when everything drained in time)
 * @param failed the names of the parts whose drain completed with an error (logged; they count as drained)
 */
public record DrainResult(List<String> forced, List<String> failed) {

    public DrainResult {
        forced = List.copyOf(forced);
        failed = List.copyOf(failed);
    }

    public boolean graceful() {
        return forced.isEmpty();
    }
}
