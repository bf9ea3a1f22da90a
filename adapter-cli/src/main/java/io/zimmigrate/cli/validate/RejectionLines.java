package io.zimmigrate.cli.validate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * The rejects format (docs/cli.md): one JSON object per broken rule,
 * {@code {"file":…,"line":N,"id":…,"field":…,"rule":…,"message":…}}. {@code file} appears when the input has
 * several files; {@code unit} appears when a source counts something other than lines (rows, entries).
 *
 * <p>Nodes come from {@code JsonNodeFactory}, not an {@code ObjectMapper}: building a mapper loads most of Jackson
 * databind (~0.15 s of start-up, measured for P3) even when no rejection is ever written.
 */
public final class RejectionLines {

    private final boolean withFile;

    public RejectionLines(boolean withFile) {
        this.withFile = withFile;
    }

    /** One object per violation of {@code r}, in the order the rules found them. */
    List<ObjectNode> objects(Rejection r) {
        List<ObjectNode> out = new ArrayList<>(r.violations().size());
        Locator at = r.locator();
        for (Violation v : r.violations()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            if (withFile) {
                o.put("file", at.origin());
            }
            o.put("line", at.position());
            if (!"line".equals(at.unit())) {
                o.put("unit", at.unit());
            }
            o.put("id", r.id());
            o.put("field", v.field());
            o.put("rule", v.rule());
            o.put("message", v.message());
            if (r.zimCode() != null) {
                o.put("zimCode", r.zimCode());
            }
            out.add(o);
        }
        return out;
    }

    /** The same lines as JSON text. */
    List<String> lines(Rejection r) {
        return objects(r).stream().map(ObjectNode::toString).toList();
    }
}
