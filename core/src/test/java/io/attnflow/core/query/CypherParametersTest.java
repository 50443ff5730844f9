package io.attnflow.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CypherParametersTest {

    @Test
    void integersDecimalsBooleansAndNullGetTheirCypherTypes() {
        assertEquals(12L, CypherParameters.value("layer", "12"));
        assertEquals(-3L, CypherParameters.value("layer", " -3 "));
        assertEquals(0.5, CypherParameters.value("share", "0.5"));
        assertEquals(0.5, CypherParameters.value("share", ".5"));
        assertEquals(2.0, CypherParameters.value("share", "2."));
        assertEquals(1e-3, CypherParameters.value("tau", "1e-3"));
        assertEquals(-2.5e3, CypherParameters.value("tau", "-2.5E+3"));
        assertEquals(true, CypherParameters.value("flag", "true"));
        assertEquals(false, CypherParameters.value("flag", "false"));
        assertNull(CypherParameters.value("x", "null"));
    }

    @Test
    void everythingElseStaysTheTextAsGiven() {
        for (String raw : List.of("cat", "NaN", "Infinity", "0x10", "1d", "1f", "12:0", "1.2.3", "", " word ")) {
            assertEquals(raw, CypherParameters.value("x", raw), raw);
        }
        assertEquals("12345678901234567890", CypherParameters.value("x", "12345678901234567890"), "past a Long");
    }

    @Test
    void idsAndWordsStayTextEvenWhenTheyLookLikeNumbers() {
        assertEquals("1234567890123456", CypherParameters.value("sid", "1234567890123456"));
        assertEquals("true", CypherParameters.value("word", "true"));
        assertEquals("null", CypherParameters.value("label", "null"));
        assertEquals("null", CypherParameters.value("word", "null"));
    }

    @Test
    void nullIsNullForIdsSoAQueryCanMeanEverySentence() {
        assertNull(CypherParameters.value("sid", "null"));
        assertNull(CypherParameters.value("corpus", "null"));
        assertEquals("12", CypherParameters.value("model", "12"));
    }

    @Test
    void aMapKeepsItsOrder() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("sid", "42");
        raw.put("layer", "3");
        Map<String, Object> typed = CypherParameters.values(raw);
        assertEquals(List.of("sid", "layer"), List.copyOf(typed.keySet()));
        assertEquals("42", typed.get("sid"));
        assertEquals(3L, typed.get("layer"));
    }
}
