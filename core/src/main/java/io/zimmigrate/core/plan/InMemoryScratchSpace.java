package io.zimmigrate.core.plan;

import io.zimmigrate.core.port.ScratchSpace;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Scratch space on the heap: for tests and for inputs small enough to plan in memory. */
public final class InMemoryScratchSpace implements ScratchSpace {

    @Override
    public RunWriter newRun() {
        List<byte[]> records = new ArrayList<>();
        return new RunWriter() {
            @Override
            public void write(byte[] record) {
                records.add(record);
            }

            @Override
            public Run finish() {
                return new Run() {
                    @Override
                    public long size() {
                        return records.size();
                    }

                    @Override
                    public RunReader read() {
                        return read(0);
                    }

                    @Override
                    public RunReader read(long from) {
                        Iterator<byte[]> it = records.listIterator((int) Math.min(from, records.size()));
                        return new RunReader() {
                            @Override
                            public boolean hasNext() {
                                return it.hasNext();
                            }

                            @Override
                            public byte[] next() {
                                return it.next();
                            }

                            @Override
                            public void close() {}
                        };
                    }
                };
            }
        };
    }

    @Override
    public void close() {}
}
