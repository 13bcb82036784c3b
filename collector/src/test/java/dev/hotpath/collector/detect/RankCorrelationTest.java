package dev.hotpath.collector.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RankCorrelationTest {
    @Test
    void monotoneIsOneReversedIsMinusOneConstantIsUndefined() {
        assertEquals(1.0, RankCorrelation.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 35, 1000}), 1e-12);
        assertEquals(-1.0, RankCorrelation.spearman(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), 1e-12);
        assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {5, 5, 5}, new double[] {1, 2, 3})));
    }

    @Test
    void tiesGetAverageRanks() {
        assertEquals(java.util.List.of(1.0, 2.5, 2.5, 4.0),
                java.util.Arrays.stream(RankCorrelation.ranks(new double[] {1, 7, 7, 9})).boxed().toList());
        // textbook example: rho = 1 - 6*sum(d^2)/(n(n^2-1)) without ties
        double rho = RankCorrelation.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {2, 1, 4, 3, 5});
        assertEquals(1 - 6.0 * 4 / (5 * 24), rho, 1e-12);
    }
}
