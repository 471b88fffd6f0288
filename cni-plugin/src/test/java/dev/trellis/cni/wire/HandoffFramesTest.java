package dev.trellis.cni.wire;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandoffFramesTest {
    @Test
    void requestAndReplyRoundTrip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HandoffFrames.writeRequest(new DataOutputStream(bytes), Map.of("CNI_COMMAND", "ADD"), "{\"ü\":1}");
        HandoffFrames.Request request = HandoffFrames.readRequest(in(bytes.toByteArray()));
        assertThat(request.env()).containsExactly(Map.entry("CNI_COMMAND", "ADD"));
        assertThat(request.stdin()).isEqualTo("{\"ü\":1}");

        bytes.reset();
        HandoffFrames.writeReply(new DataOutputStream(bytes), new HandoffFrames.Reply(1, "out", "err"));
        assertThat(HandoffFrames.readReply(in(bytes.toByteArray())))
                .isEqualTo(new HandoffFrames.Reply(1, "out", "err"));
    }

    @Test
    void refusesWrongMagicAndOversizedStrings() {
        assertThatThrownBy(() -> HandoffFrames.readRequest(in(new byte[] {'G', 'E', 'T', ' ', 0, 0, 0, 0})))
                .hasMessageContaining("frame magic");
        byte[] huge = {0x54, 0x52, 0x43, 0x31, 0, 0, 0, 0, 0x7f, 0, 0, 0};
        assertThatThrownBy(() -> HandoffFrames.readRequest(in(huge))).hasMessageContaining("string length");
    }

    private static DataInputStream in(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
