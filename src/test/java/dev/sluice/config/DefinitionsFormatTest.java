package dev.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sluice YAML and RabbitMQ's definitions.json, both ways. */
class DefinitionsFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SluiceConfig EXAMPLE = ConfigParser.parseFile(Path.of("config", "sluice.yaml"));

    @Test
    void theExampleSurvivesAJsonRoundTrip() {
        JsonNode json = DefinitionsFormat.toRabbitJson(EXAMPLE, "test");
        SluiceConfig back = DefinitionsFormat.fromRabbitJson(json, "definitions.json");
        assertEquals(EXAMPLE.users(), back.users());
        assertEquals(EXAMPLE.permissions(), back.permissions());
        assertTrue(ConfigDiff.compute(SluiceConfig.EMPTY, back, EXAMPLE).isEmpty(),
                ConfigDiff.compute(SluiceConfig.EMPTY, back, EXAMPLE).toString());
    }

    @Test
    void theExampleSurvivesAYamlRoundTrip() {
        SluiceConfig back = ConfigParser.parse(DefinitionsFormat.toYaml(EXAMPLE), "export.yaml");
        assertTrue(ConfigDiff.compute(SluiceConfig.EMPTY, back, EXAMPLE).isEmpty());
        assertEquals(EXAMPLE.vhosts().get(0).queues(), back.vhosts().get(0).queues());
    }

    @Test
    void rabbitMqShapesAreRead() throws Exception {
        JsonNode json = JSON.readTree("""
                {"rabbit_version":"3.12.0",
                 "users":[{"name":"ops","password_hash":"+FZbXuzXD8WQB0XSejcFXZ0glh/YxcP7R0NRSOrQVGKZ9fax",
                           "hashing_algorithm":"rabbit_password_hashing_sha256","tags":"administrator,management"}],
                 "vhosts":[{"name":"/"},{"name":"tenant"}],
                 "permissions":[{"user":"ops","vhost":"tenant","configure":".*","write":".*","read":".*"}],
                 "topic_permissions":[],"parameters":[],"global_parameters":[],
                 "policies":[{"vhost":"tenant","name":"ttl","pattern":"^t","apply-to":"queues",
                              "definition":{"message-ttl":1000},"priority":2}],
                 "queues":[{"name":"t1","vhost":"tenant","durable":true,"auto_delete":false,
                            "arguments":{"x-queue-type":"classic"}}],
                 "exchanges":[{"name":"amq.direct","vhost":"tenant","type":"direct","durable":true,"auto_delete":false,
                               "internal":false,"arguments":{}}],
                 "bindings":[{"source":"amq.direct","vhost":"tenant","destination":"t1","destination_type":"queue",
                              "routing_key":"t1","arguments":{}}]}
                """);
        SluiceConfig config = DefinitionsFormat.fromRabbitJson(json, "definitions.json");
        assertEquals(java.util.Set.of("administrator", "management"), config.users().get(0).tags());
        VhostConfig tenant = config.vhost("tenant").orElseThrow();
        assertEquals(1, tenant.queues().size());
        assertEquals(0, tenant.exchanges().size(), "built-in exchanges are skipped");
        assertEquals(1, tenant.bindings().size());
        assertEquals(2, tenant.policies().get(0).priority());
    }

    @Test
    void problemsNameTheObjectWithoutALine() throws Exception {
        JsonNode json = JSON.readTree("""
                {"queues":[{"name":"q","vhost":"/","arguments":{"x-message-ttl":"soon"}}],
                 "exchanges":[{"name":"x","vhost":"/","type":"topix"}], "shovels": []}
                """);
        List<ConfigProblem> problems = assertThrows(InvalidConfigException.class,
                () -> DefinitionsFormat.fromRabbitJson(json, "definitions.json")).problems();
        assertEquals(3, problems.size(), problems.toString());
        assertEquals("definitions.json: unknown field 'shovels'", problems.get(0).toString());
        assertTrue(problems.stream().anyMatch(p -> p.toString().startsWith(
                "definitions.json: unknown exchange type 'topix' for exchange 'x'")), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.line() == 0));
    }

    @Test
    void usersAreLeftOutWhenNotDeclared() {
        SluiceConfig noUsers = ConfigParser.parse("vhosts:\n  - name: /\n", "t.yaml");
        JsonNode json = DefinitionsFormat.toRabbitJson(noUsers, "test");
        assertFalse(json.has("users"));
        assertFalse(DefinitionsFormat.fromRabbitJson(json, "d.json").declaresUsers());
    }
}
