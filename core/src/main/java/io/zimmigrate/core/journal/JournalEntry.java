package io.zimmigrate.core.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One line of the migration journal. A task is identified in its timeline by its {@link TaskKey}; the lines say
 * that a request for it is about to be sent, and how it settled.
 */
public sealed interface JournalEntry {

    /**
     * The journal belongs to the input with this fingerprint, planned as the retention window stood at
     * {@code plannedAtMillis}; written once, first. Every later run plans at that same instant, so which records
     * are valid (and so the fingerprint) never depends on when a run resumes: a message that left the window
     * meanwhile is rejected when its turn comes ({@code time.retention-expired}), not taken for another input.
     */
    record Input(String fingerprint, long plannedAtMillis) implements JournalEntry {
        /** An input line without its planning instant (0: unknown, the run plans at its own "now"). */
        public Input(String fingerprint) {
            this(fingerprint, 0);
        }
    }

    /**
     * How many tasks earlier lines settled as rejected, written when the log is compacted (the compact form keeps
     * one line per timeline, not every rejection), so later runs still count what ZIM refused before.
     */
    record RejectedEarlier(long count) implements JournalEntry {}

    /** A request for {@code task} of {@code timeline} may leave from now on: its outcome must be known before a resend. */
    record Sending(String timeline, TaskKey task) implements JournalEntry {}

    /** ZIM acknowledged {@code task}; {@code msgSeq} is its place in the timeline. */
    record Imported(String timeline, TaskKey task, long msgSeq) implements JournalEntry {}

    /** {@code task} will never be imported: ZIM refused it ({@code code}), or it left the retention window ({@code code} 0). */
    record Rejected(String timeline, TaskKey task, long code, String rule) implements JournalEntry {}

    /**
     * {@code task} sorts before what {@code timeline} already holds (a late message of a delta, issue 15) and is to
     * be imported at the end of the timeline all the same ({@code --late=append}): until an {@link Imported} or
     * {@link Rejected} line settles it, it is not settled, although its key is below the timeline's settled one.
     * Written by a delta run's atomic rewrite, and again by each compaction while it is unsettled. A journal
     * without these lines reads as before; a version that does not know them skips them, and so takes such a
     * message as settled: it never sends it (twice or at all), it does not lose track of anything else.
     */
    record AppendLate(String timeline, TaskKey task) implements JournalEntry {}

    /** A user was registered or a group created (subject {@code user:ID} or {@code group:ID}). */
    record Provisioned(String subject) implements JournalEntry {}

    /**
     * The line that stands for this entry: a small JSON array, so any ID survives escaping. Written by hand
     * ({@link JournalLines}) rather than through Jackson, so journaling needs no JSON library warmed up.
     */
    default String toLine() {
        return toLine(-1);
    }

    /**
     * The line, with {@code number} (the plan's number for its timeline, journal format 3) after the values of a
     * timeline's line when it is 0 or more: a resume keyed by the plan finds the row by it instead of resolving the
     * key's text. The key stays the truth: a number whose timeline in the plan read with is not this key (a rebased,
     * grown or renumbered plan) is ignored and the key resolved ({@link JournalState}).
     */
    default String toLine(int number) {
        JournalLines.Line a = new JournalLines.Line();
        if (this instanceof Input in) {
            a.add("in").add(in.fingerprint()).add(in.plannedAtMillis());
        } else if (this instanceof Sending s) {
            a.add("s").add(s.timeline()).add(s.task().sendTime()).add(s.task().ordinal());
        } else if (this instanceof Imported i) {
            a.add("i").add(i.timeline()).add(i.task().sendTime()).add(i.task().ordinal()).add(i.msgSeq());
        } else if (this instanceof Rejected r) {
            a.add("r").add(r.timeline()).add(r.task().sendTime()).add(r.task().ordinal()).add(r.code()).add(r.rule());
        } else if (this instanceof AppendLate l) {
            a.add("a").add(l.timeline()).add(l.task().sendTime()).add(l.task().ordinal());
        } else if (this instanceof Provisioned p) {
            a.add("p").add(p.subject());
        } else if (this instanceof RejectedEarlier e) {
            a.add("rc").add(e.count());
        }
        if (number >= 0 && timelineOf(this) != null) {
            a.add(number);
        }
        return a.toString();
    }

    /** The timeline key an entry names (a send, settlement or late message), else null. */
    static String timelineOf(JournalEntry entry) {
        if (entry instanceof Sending s) {
            return s.timeline();
        } else if (entry instanceof Imported i) {
            return i.timeline();
        } else if (entry instanceof Rejected r) {
            return r.timeline();
        } else if (entry instanceof AppendLate l) {
            return l.timeline();
        }
        return null;
    }

    private static int numberIn(java.util.List<Object> v) {
        if (v.isEmpty() || !(v.get(0) instanceof String kind)) {
            return -1;
        }
        int at = switch (kind) {
            case "s", "a" -> 4;
            case "i" -> 5;
            case "r" -> 6;
            default -> -1;
        };
        return at > 0 && v.size() == at + 1 && v.get(at) instanceof Long n && n >= 0 && n <= Integer.MAX_VALUE
                ? (int) (long) n : -1;
    }

    /** Reads a line back; empty for a line that is torn or not ours (which replay skips). */
    static Optional<JournalEntry> parse(String line) {
        return Optional.ofNullable(parse(line, null));
    }

    /**
     * Reads a line back as {@link #parse(String)} does (null for a line replay skips), putting in {@code number[0]}
     * (when given) the plan's number a line of format 3 gives its timeline ({@link #toLine(int)}), or -1 when it
     * gives none (an older line, another kind, a line only Jackson reads): a hint the reader checks against the key.
     */
    static JournalEntry parse(String line, int[] number) {
        java.util.List<Object> v = JournalLines.values(line);
        JournalEntry quick = v == null ? null : fromValues(v);
        if (number != null) {
            number[0] = quick == null ? -1 : numberIn(v);
        }
        return quick != null ? quick : parseWithJackson(line).orElse(null);
    }

    /** The entry the values of one of our lines stand for; null when they do not make one. */
    private static JournalEntry fromValues(java.util.List<Object> v) {
        if (v.size() == 2 && "rc".equals(v.get(0)) && v.get(1) instanceof Long count) {
            return new RejectedEarlier(count);
        }
        if (v.size() < 2 || !(v.get(0) instanceof String kind) || !(v.get(1) instanceof String first)) {
            return null;
        }
        return switch (kind) {
            case "in" -> new Input(first, v.size() >= 3 && v.get(2) instanceof Long at ? at : 0);
            case "p" -> new Provisioned(first);
            case "s" -> v.size() >= 4 && v.get(2) instanceof Long t && v.get(3) instanceof Long o
                    ? new Sending(first, new TaskKey(t, o)) : null;
            case "a" -> v.size() >= 4 && v.get(2) instanceof Long t && v.get(3) instanceof Long o
                    ? new AppendLate(first, new TaskKey(t, o)) : null;
            case "i" -> v.size() >= 5 && v.get(2) instanceof Long t && v.get(3) instanceof Long o
                    && v.get(4) instanceof Long seq ? new Imported(first, new TaskKey(t, o), seq) : null;
            case "r" -> v.size() >= 6 && v.get(2) instanceof Long t && v.get(3) instanceof Long o
                    && v.get(4) instanceof Long code && v.get(5) instanceof String rule
                    ? new Rejected(first, new TaskKey(t, o), code, rule) : null;
            default -> null;
        };
    }

    private static Optional<JournalEntry> parseWithJackson(String line) {
        try {
            JsonNode a = JournalLines.Jackson.MAPPER.readTree(line);
            if (a == null || !a.isArray() || a.size() < 2) {
                return Optional.empty();
            }
            return Optional.ofNullable(switch (a.get(0).asText()) {
                case "in" -> new Input(a.get(1).asText(), a.size() >= 3 ? a.get(2).asLong() : 0);
                case "rc" -> new RejectedEarlier(a.get(1).asLong());
                case "s" -> new Sending(a.get(1).asText(), key(a));
                case "a" -> new AppendLate(a.get(1).asText(), key(a));
                case "i" -> new Imported(a.get(1).asText(), key(a), a.get(4).asLong());
                case "r" -> new Rejected(a.get(1).asText(), key(a), a.get(4).asLong(), a.get(5).asText());
                case "p" -> new Provisioned(a.get(1).asText());
                default -> null;
            });
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static TaskKey key(JsonNode a) {
        if (a.size() < 4 || !a.get(2).canConvertToLong() || !a.get(3).canConvertToLong()) {
            throw new IllegalArgumentException("torn line");
        }
        return new TaskKey(a.get(2).asLong(), a.get(3).asLong());
    }
}
