package dev.hotpath.examples.shop;

/**
 * The size and seed of the generated shop data. Ids are dense: products 1..products, customers 1..customers,
 * so a load driver can draw valid ids without asking the service.
 */
public record SeedShape(int products, int customers, int minOrdersPerCustomer, int maxOrdersPerCustomer,
                        int maxItemsPerOrder, long seed) {

    public static final SeedShape DEFAULT = new SeedShape(500, 1_000, 5, 40, 5, 20240601L);

    public SeedShape {
        if (products < 1 || customers < 1 || minOrdersPerCustomer < 0
                || maxOrdersPerCustomer < minOrdersPerCustomer || maxItemsPerOrder < 1) {
            throw new IllegalArgumentException("invalid seed shape");
        }
    }
}
