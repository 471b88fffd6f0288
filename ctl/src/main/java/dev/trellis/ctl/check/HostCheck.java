package dev.trellis.ctl.check;

/** One thing Trellis needs from a host. Implementations only read; they never change the host. */
public interface HostCheck {

    CheckResult run(HostProbe probe);
}
