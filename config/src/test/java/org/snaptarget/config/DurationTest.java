package org.snaptarget.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationTest {

    @ParameterizedTest(name = "{0} = {1}s")
    @CsvSource({"30s, 30", "15m, 900", "1h, 3600", "1d, 86400", "90m, 5400", "0s, 0", "' 2h ', 7200"})
    void parsesAWholeNumberWithOneUnit(String text, long seconds) {
        assertEquals(seconds, Duration.parse(text).seconds());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "90 | '90' needs a unit: s, m, h or d, e.g. 90m",
        "1w | '1w' has the unknown unit 'w': use s, m, h or d",
        "15min | '15min' has the unknown unit 'min': use s, m, h or d",
        "1H | '1H' has the unknown unit 'H': use s, m, h or d",
        "1h30m | '1h30m' is not a duration: write a whole number followed by s, m, h or d, e.g. 15m",
        "1.5h | '1.5h' is not a duration: write a whole number followed by s, m, h or d, e.g. 15m",
        "-5m | '-5m' is not a duration: write a whole number followed by s, m, h or d, e.g. 15m",
        "36501d | '36501d' is longer than 100 years",
        "9999999999999999d | '9999999999999999d' is longer than 100 years",
    })
    void refusesBareNumbersOtherUnitsAndCombinations(String text, String message) {
        assertEquals(message, assertThrows(ValueFormatException.class, () -> Duration.parse(text)).getMessage());
    }

    @ParameterizedTest(name = "{0}s prints as {1}")
    @CsvSource({"0, 0s", "45, 45s", "60, 1m", "5400, 90m", "3600, 1h", "86400, 1d", "90000, 25h"})
    void printsInTheLargestExactUnit(long seconds, String text) {
        assertEquals(text, Duration.ofSeconds(seconds).toString());
        assertEquals(seconds, Duration.parse(text).seconds());
    }

    @Test
    void convertsToJavaTime() {
        assertEquals(java.time.Duration.ofMinutes(15), Duration.parse("15m").toJava());
    }
}
