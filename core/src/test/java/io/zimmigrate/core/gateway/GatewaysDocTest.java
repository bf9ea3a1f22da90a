package io.zimmigrate.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/gateways.md tells users what each ZIM code becomes; this keeps its table equal to {@link ZimCodes}. */
class GatewaysDocTest {
    static final Path DOC = Path.of("..", "docs", "gateways.md");

    static final Map<Verdict, String> SHOWN = Map.of(
            Verdict.DONE, "Done",
            Verdict.RETRY_LATER, "RetryLater",
            Verdict.RESIGN, "re-signed once, then RetryLater (Fatal after 1 min)",
            Verdict.REJECTED, "Rejected",
            Verdict.FATAL, "Fatal",
            Verdict.RESIGN_ONCE_THEN_FATAL, "re-signed once, then Fatal",
            Verdict.ALREADY_DONE, "Done (setup calls), else Rejected");

    @Test
    void theCodeTableInTheDocsIsZimCodes() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf("| code | meaning | outcome |");
        assertThat(start).as("code table in %s", DOC).isNotNegative();
        Map<Long, String> documented = new LinkedHashMap<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|");
            documented.put(Long.parseLong(cells[1].trim()), cells[3].trim());
        }
        Map<Long, String> expected = new LinkedHashMap<>();
        ZimCodes.table().forEach((code, entry) -> expected.put(code, SHOWN.get(entry.verdict())));
        assertThat(documented).containsExactlyEntriesOf(expected);
    }
}
