package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.plan.InMemoryScratchSpace;
import io.zimmigrate.core.port.ScratchSpace;
import java.util.HashSet;
import java.util.Set;

/** In-memory runs that count the passes over them and the records their open readers handed out. */
final class CountingScratch implements ScratchSpace {
    private final InMemoryScratchSpace runs = new InMemoryScratchSpace();
    final Set<Counting> open = new HashSet<>();
    /** Readers opened so far: passes over a run. */
    int passes;

    @Override
    public RunWriter newRun() {
        RunWriter w = runs.newRun();
        return new RunWriter() {
            @Override
            public void write(byte[] record) {
                w.write(record);
            }

            @Override
            public Run finish() {
                Run run = w.finish();
                return new Run() {
                    @Override
                    public long size() {
                        return run.size();
                    }

                    @Override
                    public RunReader read() {
                        passes++;
                        Counting c = new Counting(run.read());
                        open.add(c);
                        return c;
                    }
                };
            }
        };
    }

    /** Records handed out by the readers still open (the run's own, once planning is done). */
    long readByOpenReaders() {
        return open.stream().mapToLong(c -> c.read).sum();
    }

    @Override
    public void close() {
        runs.close();
    }

    private final class Counting implements RunReader {
        private final RunReader reader;
        long read;

        Counting(RunReader reader) {
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            return reader.hasNext();
        }

        @Override
        public byte[] next() {
            read++;
            return reader.next();
        }

        @Override
        public void close() {
            open.remove(this);
            reader.close();
        }
    }
}
