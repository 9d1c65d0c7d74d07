package io.camelchat.common.consumer;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An event's headers as a read-only map sorted the way Camel's header map ({@code CaseInsensitiveMap}, a
 * {@code TreeMap} in case-insensitive order) keeps them, so that the map is built from it in one pass, without a
 * comparison per header: {@code TreeMap.putAll} of an empty map takes a map sorted by the same comparator as it is.
 * The order of a list of names is worked out once: a platform's events come in a few shapes, each with its names in
 * the same order. A list whose names clash when case is ignored has no such view (null): each header is set by name
 * then.
 */
final class SortedHeaders extends AbstractMap<String, Object> implements SortedMap<String, Object> {

    private static final Comparator<String> ORDER = String.CASE_INSENSITIVE_ORDER;
    /** Shapes remembered at most (names lists seen; beyond that each new list is sorted every time). */
    private static final int SHAPES = 256;
    private static final Map<Shape, int[]> ORDERS = new ConcurrentHashMap<>();
    private static final int[] CLASH = new int[0];

    private final String[] names;
    private final Object[] values;
    private final int[] order;

    private SortedHeaders(String[] names, Object[] values, int[] order) {
        this.names = names;
        this.values = values;
        this.order = order;
    }

    /**
     * The first {@code size} names and values as a sorted map, or null when two names are the same but for case.
     * The arrays are kept, not copied.
     */
    static SortedHeaders of(String[] names, Object[] values, int size) {
        Shape shape = new Shape(names, size);
        int[] order = ORDERS.get(shape);
        if (order == null) {
            order = sort(names, size);
            if (ORDERS.size() < SHAPES) {
                ORDERS.putIfAbsent(new Shape(Arrays.copyOf(names, size), size), order);
            }
        }
        return order == CLASH ? null : new SortedHeaders(names, values, order);
    }

    private static int[] sort(String[] names, int size) {
        Integer[] positions = new Integer[size];
        for (int i = 0; i < size; i++) {
            positions[i] = i;
        }
        Arrays.sort(positions, (a, b) -> ORDER.compare(names[a], names[b]));
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = positions[i];
            if (i > 0 && ORDER.compare(names[order[i - 1]], names[order[i]]) == 0) {
                return CLASH;
            }
        }
        return order;
    }

    /** A list of names: equal when the same names come in the same order. */
    private static final class Shape {
        private final String[] names;
        private final int size;
        private final int hash;

        Shape(String[] names, int size) {
            this.names = names;
            this.size = size;
            int h = 1;
            for (int i = 0; i < size; i++) {
                h = 31 * h + names[i].hashCode();
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Shape s && s.size == size && s.hash == hash
                    && Arrays.equals(names, 0, size, s.names, 0, size);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Override
    public Comparator<? super String> comparator() {
        return ORDER;
    }

    @Override
    public int size() {
        return order.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < order.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= order.length) {
                            throw new NoSuchElementException();
                        }
                        int i = order[next++];
                        return new SimpleImmutableEntry<>(names[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return order.length;
            }
        };
    }

    @Override
    public String firstKey() {
        if (order.length == 0) {
            throw new NoSuchElementException();
        }
        return names[order[0]];
    }

    @Override
    public String lastKey() {
        if (order.length == 0) {
            throw new NoSuchElementException();
        }
        return names[order[order.length - 1]];
    }

    @Override
    public SortedMap<String, Object> subMap(String fromKey, String toKey) {
        throw new UnsupportedOperationException("a view to build a header map from");
    }

    @Override
    public SortedMap<String, Object> headMap(String toKey) {
        throw new UnsupportedOperationException("a view to build a header map from");
    }

    @Override
    public SortedMap<String, Object> tailMap(String fromKey) {
        throw new UnsupportedOperationException("a view to build a header map from");
    }
}
