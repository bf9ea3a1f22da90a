package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.TaskKey;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;

/** One import call: a message into one timeline. */
record Task(Message message, Timeline timeline, TaskKey key) {
    static Task of(Message m, Timeline t) {
        return new Task(m, t, new TaskKey(m.sendTime(), m.ordinal()));
    }
}
