package dev.trellis.ctl.check;

import java.util.Objects;

/**
 * The outcome of one check.
 *
 * @param check what was checked
 * @param status passed, a warning (Trellis works, with a limit), or failed (Trellis cannot work)
 * @param detail what was found
 * @param hint what to do about it (empty when passed)
 */
public record CheckResult(String check, Status status, String detail, String hint) {

    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(hint, "hint");
    }

    public static CheckResult ok(String check, String detail) {
        return new CheckResult(check, Status.OK, detail, "");
    }

    public static CheckResult warn(String check, String detail, String hint) {
        return new CheckResult(check, Status.WARN, detail, hint);
    }

    public static CheckResult fail(String check, String detail, String hint) {
        return new CheckResult(check, Status.FAIL, detail, hint);
    }

    /** Check outcomes, worst last. */
    public enum Status {
        OK,
        WARN,
        FAIL
    }
}
