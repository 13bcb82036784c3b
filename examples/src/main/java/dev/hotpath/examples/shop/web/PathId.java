package dev.hotpath.examples.shop.web;

/** Parses the numeric id segment of a path such as {@code /customers/42/orders}. */
final class PathId {
    private PathId() {
    }

    /** @return the id, or -1 if the segment is not a positive int (the caller answers 400) */
    static int parse(String segment) {
        if (segment.isEmpty() || segment.length() > 10) {
            return -1;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        long id = Long.parseLong(segment);
        return id >= 1 && id <= Integer.MAX_VALUE ? (int) id : -1;
    }
}
