package dev.hotpath.examples.shop;

public record Product(int id, String name, String category, long priceCents) {
}
