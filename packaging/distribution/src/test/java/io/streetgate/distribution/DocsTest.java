package io.streetgate.distribution;

import io.streetgate.flash.SiteTemplate;
import io.streetgate.site.SiteFile;
import io.streetgate.driver.DeviceCatalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The user docs show what the code does: generated tables match, example site files are valid. */
class DocsTest {

    private static final Path DOCS = Path.of("../../docs");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theDeviceTypeTableIsWhatConfigTypesPrints() throws IOException {
        String page = Files.readString(DOCS.resolve("site-file.md"));
        int begin = page.indexOf("<!-- types:begin -->\n") + "<!-- types:begin -->\n".length();
        int end = page.indexOf("<!-- types:end -->");
        assertEquals(ConfigCommand.Types.markdown(), page.substring(begin, end),
                "docs/site-file.md is out of date: paste the output of `streetgate config types --markdown`");
    }

    @Test
    void everyExampleSiteFileInTheDocsIsValid() throws IOException {
        List<String> checked = new ArrayList<>();
        try (Stream<Path> pages = Files.list(DOCS)) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher m = YAML_BLOCK.matcher(Files.readString(page));
                int n = 0;
                while (m.find()) {
                    n++;
                    // a template (docs/flashing.md) is checked as a card gets it, filled in by the flash tool
                    String yaml = SiteTemplate.fill(m.group(1), page.getFileName().toString(), "pole-0001");
                    if (!yaml.startsWith("node:") && !yaml.contains("\nnode:")) {
                        continue;
                    }
                    String name = page.getFileName() + " example " + n;
                    SiteFile.Result r = SiteFile.parse(yaml, name, DeviceCatalog.installed());
                    assertEquals(List.of(), r.problems().stream().map(Object::toString).toList(), name);
                    checked.add(name);
                }
            }
        }
        assertFalse(checked.isEmpty(), "no example site file found in docs/");
    }
}
