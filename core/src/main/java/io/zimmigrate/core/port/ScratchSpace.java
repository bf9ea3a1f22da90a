package io.zimmigrate.core.port;

import java.util.Iterator;

/**
 * Temporary storage for the planner's sorted runs, so an export larger than memory can be ordered. Core
 * keeps runs in memory when none is given; {@code adapter-files} keeps them in temporary files.
 */
public interface ScratchSpace extends AutoCloseable {

    /** Starts a new run; records are read back in the order they were written. */
    RunWriter newRun();

    /**
     * A run read back from any record as cheaply as from the first: {@link Run#read(long)} goes straight to it. For
     * runs of few, large records read out of order (a plan's group members, one record per group: issue #13); the
     * store may hold a few bytes per record to find them. The default is an ordinary run, read through to the record.
     */
    default RunWriter newSeekableRun() {
        return newRun();
    }

    /** Deletes every run. */
    @Override
    void close();

    interface RunWriter {
        void write(byte[] record);

        /** Ends writing; the run can then be read any number of times. */
        Run finish();
    }

    interface Run {
        long size();

        /** A fresh pass over the run's records; close it when done. */
        RunReader read();

        /**
         * A pass that starts at the record numbered {@code from} (0-based). The default reads through the records
         * before it; a store that knows where they are seeks instead.
         */
        default RunReader read(long from) {
            RunReader r = read();
            for (long i = 0; i < from && r.hasNext(); i++) {
                r.next();
            }
            return r;
        }
    }

    interface RunReader extends Iterator<byte[]>, AutoCloseable {
        @Override
        void close();
    }
}
