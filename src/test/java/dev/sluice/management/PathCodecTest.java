package dev.sluice.management;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paths and query strings as RabbitMQ's API encodes them. */
class PathCodecTest {
    @Test
    void theDefaultVhostIsOneSegment() {
        assertEquals(List.of("api", "queues", "/", "a b+c"), PathCodec.segments("/api/queues/%2F/a%20b+c"));
        assertEquals(List.of("api", "queues"), PathCodec.segments("/api/queues/"));
    }

    @Test
    void queryValuesAreDecodedAndKeptInOrder() {
        Map<String, List<String>> q = PathCodec.query("vhost=%2F&key=a.b&header.x=1&header.x=2");
        assertEquals(List.of("/"), q.get("vhost"));
        assertEquals(List.of("1", "2"), q.get("header.x"));
    }

    @Test
    void encodeIsTheInverseOfDecode() {
        for (String s : List.of("/", "a b", "ü.%/x", "amq.default")) {
            assertEquals(s, PathCodec.percentDecode(PathCodec.encode(s)));
        }
    }
}
