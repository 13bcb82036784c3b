package dev.hotpath.examples.shop;

public record Customer(int id, String name, String email, String tier) {
}
