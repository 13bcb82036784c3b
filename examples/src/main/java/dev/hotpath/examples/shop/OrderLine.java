package dev.hotpath.examples.shop;

public record OrderLine(int productId, String productName, int quantity, long unitPriceCents) {
}
