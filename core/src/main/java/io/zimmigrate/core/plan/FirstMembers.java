package io.zimmigrate.core.plan;

import com.google.common.collect.Iterators;
import io.zimmigrate.core.model.UserId;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Set;

/**
 * The first {@code count} members of a group's set, in its order: what a group was before a growth added members to
 * the same set (they go after the earlier ones). A view, not a copy: a group of a million members is not held twice.
 */
final class FirstMembers extends AbstractSet<UserId> {
    private final Set<UserId> all;
    private final int count;

    FirstMembers(Set<UserId> all, int count) {
        this.all = all;
        this.count = count;
    }

    @Override
    public Iterator<UserId> iterator() {
        return Iterators.limit(all.iterator(), count);
    }

    @Override
    public int size() {
        return count;
    }
}
