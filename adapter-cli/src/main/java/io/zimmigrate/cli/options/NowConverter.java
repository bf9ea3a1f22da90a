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
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                // too large for a long: reported below
            }
        } else {
            try {
                return Instant.parse(v).toEpochMilli();
            } catch (DateTimeException | ArithmeticException e) {
                try {
                    return OffsetDateTime.parse(v).toInstant().toEpochMilli();
                } catch (DateTimeException | ArithmeticException ignored) {
                    // reported below
                }
            }
        }
        throw new CommandLine.TypeConversionException("'" + value
                + "' is neither epoch milliseconds nor an ISO-8601 instant such as 2024-11-20T12:00:00Z");
    }
}
