package io.streetgate.flash;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One site file for a street: valid YAML as written, {@code {{node}}} filled in where YAML reads a value and nowhere
 * else.
 */
class SiteTemplateTest {
    static String refusal(String template) {
        return assertThrows(IllegalArgumentException.class, () -> SiteTemplate.fill(template, "street.yaml",
                "pole-0042")).getMessage();
    }

    @Test
    void thePlaceholderIsFilledInValuesAndLeftAsWrittenInComments() {
        String template = """
                # street.yaml: every pole of the street; {{node}} becomes each card's node id
                node:
                  id: "{{node}}"          # quoted: {{node}} alone is a mapping in YAML
                  site: harbour-street
                uplink:
                  client-id: 'sg-{{node}}'
                  topic-prefix: city/{{node}}
                """;
        assertEquals("""
                # street.yaml: every pole of the street; {{node}} becomes each card's node id
                node:
                  id: "pole-0042"          # quoted: {{node}} alone is a mapping in YAML
                  site: harbour-street
                uplink:
                  client-id: 'sg-pole-0042'
                  topic-prefix: city/pole-0042
                """, SiteTemplate.fill(template, "street.yaml", "pole-0042"));
    }

    @Test
    void flowStyleWithAQuotedPlaceholderIsATemplate() {
        assertEquals("node: {id: \"pole-0042\", site: harbour-street}\n",
                SiteTemplate.fill("node: {id: \"{{node}}\", site: harbour-street}\n", "street.yaml", "pole-0042"));
    }

    @Test
    void anUnquotedPlaceholderIsRefusedWithTheLineAndTheFix() {
        String flow = refusal("# the old documented form\nnode: {id: {{node}}, site: harbour-street}\n");
        assertTrue(flow.startsWith("street.yaml line 2: "), flow);
        assertTrue(flow.contains("\"{{node}}\""), "names the fix, the quoted form: " + flow);
        String block = refusal("node:\n  site: harbour-street\n  id: {{node}}\n");
        assertTrue(block.startsWith("street.yaml line 3: "), block);
        assertTrue(block.contains("quote it as a value, e.g. id: \"{{node}}\""), block);
    }

    @Test
    void aPlaceholderInAKeyIsRefused() {
        String m = refusal("node:\n  id: pole-0001\nsensors:\n  \"{{node}}-env\": {type: bme280}\n");
        assertTrue(m.startsWith("street.yaml line 4: {{node}} stands where YAML does not read a value"), m);
    }

    @Test
    void aTemplateThatIsNotYamlIsRefusedBeforeAnyNodeIsFilledIn() {
        String m = refusal("node:\n  id: \"{{node}}\n  site: [harbour\n");
        assertTrue(m.startsWith("street.yaml line "), m);
        assertTrue(m.contains("is not valid YAML as a template, before {{node}} is filled in"), m);
    }

    @Test
    void aFileWithoutThePlaceholderIsTakenAsItIs() {
        String site = "node: {id: pole-0042}  # not {{ node }}\n";
        assertEquals(site, SiteTemplate.fill(site, "pole-0042.yaml", "pole-0042"));
    }
}
