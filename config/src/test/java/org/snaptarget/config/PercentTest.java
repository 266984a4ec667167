package org.snaptarget.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PercentTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"80%, 80", "0%, 0", "100%, 100", "'5 %', 5", "007%, 7"})
    void parsesAWholeNumberWithItsSign(String text, int value) {
        assertEquals(value, Percent.parse(text).value());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "80 | '80' needs a percent sign, e.g. 80%",
        "0.8 | '0.8' is not a percentage: write a whole number followed by %, e.g. 80%",
        "80.5% | '80.5%' is not a percentage: write a whole number followed by %, e.g. 80%",
        "%80 | '%80' is not a percentage: write a whole number followed by %, e.g. 80%",
        "101% | '101%' is more than 100%",
        "99999% | '99999%' is more than 100%",
    })
    void refusesBareNumbersFractionsAndMoreThanAHundred(String text, String message) {
        assertEquals(message, assertThrows(ValueFormatException.class, () -> Percent.parse(text)).getMessage());
    }

    @Test
    void appliesToATotalRoundingDownWithoutOverflow() {
        assertEquals(800, new Percent(80).of(1000));
        assertEquals(0, new Percent(80).of(1));
        assertEquals(Long.MAX_VALUE / 100 * 99 + Long.MAX_VALUE % 100 * 99 / 100, new Percent(99).of(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, new Percent(100).of(Long.MAX_VALUE));
    }

    @Test
    void printsWithItsSign() {
        assertEquals("80%", new Percent(80).toString());
    }
}
