package io.streetgate.flash;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.CommentEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A site file that serves many nodes: {@code {{node}}} stands for the node id. A template is valid YAML as it is
 * written (so it is checked before any node is filled in), and the placeholder is filled in only where YAML reads a
 * value (a scalar that is not a mapping key); in a comment it stays as written. Anywhere else (a key, or unquoted
 * in braces, where YAML reads {@code {{node}}} as a mapping) is refused, naming the line and the fix.
 */
public final class SiteTemplate {
    static final String PLACEHOLDER = "{{node}}";

    private record Span(int start, int end) {
        boolean covers(int at, int length) {
            return start <= at && at + length <= end;
        }
    }

    private SiteTemplate() {
    }

    /**
     * The site file for one node: the template's text with the placeholder replaced in its values only.
     *
     * @param name what to call the file in messages
     * @param node a valid node id (only letters, digits, '-' and '_': safe in every scalar style)
     * @throws IllegalArgumentException when the template is not valid YAML, or has the placeholder outside a value
     */
    public static String fill(String template, String name, String node) {
        if (!template.contains(PLACEHOLDER)) {
            return template;
        }
        boolean onlyBmp = template.length() == template.codePointCount(0, template.length());
        List<Span> values = new ArrayList<>();
        List<Span> comments = new ArrayList<>();
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(true);
        options.setAllowRecursiveKeys(false);
        try {
            Deque<int[]> open = new ArrayDeque<>(); // per open collection: {1 if mapping, items seen}
            for (Event e : new Yaml(options).parse(new StringReader(template))) {
                if (e instanceof CommentEvent) {
                    comments.add(span(template, onlyBmp, e));
                    continue;
                }
                boolean isKey = !open.isEmpty() && open.peek()[0] == 1 && open.peek()[1] % 2 == 0;
                if (e instanceof ScalarEvent && !isKey) {
                    values.add(span(template, onlyBmp, e));
                }
                if (e instanceof ScalarEvent || e instanceof AliasEvent) {
                    countItem(open);
                } else if (e instanceof CollectionStartEvent) {
                    open.push(new int[]{e instanceof MappingStartEvent ? 1 : 0, 0});
                } else if (e.is(Event.ID.MappingEnd) || e.is(Event.ID.SequenceEnd)) {
                    open.pop();
                    countItem(open);
                }
            }
        } catch (MarkedYAMLException e) {
            Mark at = e.getProblemMark();
            throw new IllegalArgumentException(name + (at == null ? "" : " line " + (at.getLine() + 1))
                    + ": is not valid YAML as a template, before " + PLACEHOLDER + " is filled in ("
                    + (e.getProblem() == null ? e.getMessage() : e.getProblem()) + "); a template must be valid YAML as "
                    + "written: quote the placeholder, e.g. node: {id: \"" + PLACEHOLDER + "\"}");
        } catch (YAMLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": is not valid YAML as a template (" + e.getMessage() + ")");
        }
        StringBuilder out = new StringBuilder(template);
        // from the end, so that the offsets before each replacement stay right
        for (int at = template.lastIndexOf(PLACEHOLDER); at >= 0; at = template.lastIndexOf(PLACEHOLDER, at - 1)) {
            int here = at;
            if (values.stream().anyMatch(v -> v.covers(here, PLACEHOLDER.length()))) {
                out.replace(at, at + PLACEHOLDER.length(), node);
            } else if (comments.stream().noneMatch(c -> c.covers(here, PLACEHOLDER.length()))) {
                int line = (int) template.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
                throw new IllegalArgumentException(name + " line " + line + ": " + PLACEHOLDER + " stands where YAML "
                        + "does not read a value (a key, or unquoted in braces, which YAML reads as a mapping), so it "
                        + "cannot be filled in; quote it as a value, e.g. id: \"" + PLACEHOLDER + "\"");
            }
        }
        return out.toString();
    }

    /** A mapping's items alternate key, value: counting them tells whether the next scalar is a key. */
    private static void countItem(Deque<int[]> open) {
        if (!open.isEmpty()) {
            open.peek()[1]++;
        }
    }

    /** The event's text as char offsets (SnakeYAML's marks count code points). */
    private static Span span(String text, boolean onlyBmp, Event e) {
        return new Span(charOffset(text, onlyBmp, e.getStartMark().getIndex()),
                charOffset(text, onlyBmp, e.getEndMark().getIndex()));
    }

    private static int charOffset(String text, boolean onlyBmp, int codePoints) {
        return onlyBmp ? Math.min(codePoints, text.length())
                : text.offsetByCodePoints(0, Math.min(codePoints, text.codePointCount(0, text.length())));
    }
}
