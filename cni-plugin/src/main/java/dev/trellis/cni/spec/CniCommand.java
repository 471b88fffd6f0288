package dev.trellis.cni.spec;

import java.util.Optional;

/** The operations of the CNI specification; STATUS and GC arrived with 1.1.0. */
public enum CniCommand {
    ADD, DEL, CHECK, VERSION, STATUS, GC;

    /** The command named by {@code CNI_COMMAND}, if it is one we know. */
    public static Optional<CniCommand> fromEnvironment(String value) {
        for (CniCommand command : values()) {
            if (command.name().equals(value)) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }

    /** Whether the specification requires CNI_CONTAINERID, CNI_NETNS (ADD only) and CNI_IFNAME. */
    public boolean isPodOperation() {
        return this == ADD || this == DEL || this == CHECK;
    }
}
