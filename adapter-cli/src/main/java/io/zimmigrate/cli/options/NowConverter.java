package io.zimmigrate.cli.options;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import picocli.CommandLine;

/** Reads {@code --now}: epoch milliseconds, or an ISO-8601 instant ({@code 2024-11-20T12:00:00Z}, offsets allowed). */
public final class NowConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String v = value.strip();
        if (v.matches("-?\\d{1,19}")) {
            try {
                return plausible(Long.parseLong(v), value);
            } catch (NumberFormatException e) {
                // too large for a long: reported below
            }
        } else {
            try {
                return plausible(Instant.parse(v).toEpochMilli(), value);
            } catch (DateTimeException | ArithmeticException e) {
                try {
                    return plausible(OffsetDateTime.parse(v).toInstant().toEpochMilli(), value);
                } catch (DateTimeException | ArithmeticException ignored) {
                    // reported below
                }
            }
        }
        throw new CommandLine.TypeConversionException("'" + value
                + "' is neither epoch milliseconds nor an ISO-8601 instant such as 2024-11-20T12:00:00Z");
    }

    /** 2000-01-01T00:00:00Z: no chat history to import is older, so an earlier --now is a mistake. */
    private static final long YEAR_2000_MILLIS = 946_684_800_000L;

    /** Refuses a --now that is surely a mistake, naming it: seconds for milliseconds, or a time before 2000. */
    private static long plausible(long millis, String value) {
        if (millis >= YEAR_2000_MILLIS) {
            return millis;
        }
        if (millis >= YEAR_2000_MILLIS / 1000 && millis < 4_102_444_800L) {
            throw new CommandLine.TypeConversionException("'" + value + "' looks like epoch seconds; --now takes "
                    + "milliseconds (" + value.strip() + "000) or an ISO-8601 instant");
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is before 2000; --now takes epoch "
                + "milliseconds (e.g. 1732060800000) or an ISO-8601 instant (2024-11-20T00:00:00Z)");
    }
}
