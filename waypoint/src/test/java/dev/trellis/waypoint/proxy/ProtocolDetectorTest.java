package dev.trellis.waypoint.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.waypoint.proxy.ProtocolDetector.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProtocolDetectorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NEED_MORE", textBlock = """
            GET / HTTP/1.1\\r\\n                    | HTTP1
            OPTIONS * HTTP/1.1                      | HTTP1
            GE                                      | NEED_MORE
            PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n | H2C
            PRI * HTTP/2.0                          | NEED_MORE
            hello world                             | TCP
            \\u0016\\u0003\\u0001                   | TCP
            ' GET /'                                | TCP
            TOOLONGMETHOD /                         | TCP
            """)
    void detectsFromTheFirstBytes(String text, Protocol expected) {
        String unescaped = text.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0016", "\u0016")
                .replace("\\u0003", "\u0003").replace("\\u0001", "\u0001");
        ByteBuf in = Unpooled.copiedBuffer(unescaped, StandardCharsets.ISO_8859_1);
        try {
            assertThat(ProtocolDetector.detect(in)).isEqualTo(expected);
            assertThat(in.readerIndex()).isZero();
        } finally {
            in.release();
        }
    }
}
