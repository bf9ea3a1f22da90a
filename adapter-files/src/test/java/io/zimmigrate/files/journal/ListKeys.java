package io.zimmigrate.files.journal;

import io.zimmigrate.core.journal.JournalKeys;

/** A plan's numbering for the journal's tests: timeline {@code i} is keyed "g:t{i}", user {@code i} is "u{i}". */
final class ListKeys implements JournalKeys {
    private final int timelines;
    private final int users;

    ListKeys(int timelines, int users) {
        this.timelines = timelines;
        this.users = users;
    }

    static String key(int i) {
        return "g:t" + i;
    }

    @Override
    public int timelineCount() {
        return timelines;
    }

    @Override
    public int timelineNumber(String key) {
        if (!key.startsWith("g:t")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(key.substring(3));
            return n < timelines && key.equals(key(n)) ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String timelineKey(int number) {
        return key(number);
    }

    @Override
    public int userCount() {
        return users;
    }

    @Override
    public int userNumber(String userId) {
        if (!userId.startsWith("u")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(userId.substring(1));
            return n < users && userId.equals("u" + n) ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String userId(int number) {
        return "u" + number;
    }
}
