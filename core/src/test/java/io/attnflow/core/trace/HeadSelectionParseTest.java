package io.attnflow.core.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.query.InvalidQueryException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeadSelectionParseTest {

    @Test
    void layerHeadPairsGroupByLayer() {
        Map<Integer, Set<Integer>> m = HeadSelection.parse("12:0, 12:3 ,11:5");
        assertEquals(Map.of(11, Set.of(5), 12, Set.of(0, 3)), m);
        assertEquals(List.of(11, 12), List.copyOf(m.keySet()), "layers ascending");
    }

    @Test
    void blankTextAndEmptyItemsSelectNothing() {
        assertTrue(HeadSelection.parse(null).isEmpty());
        assertTrue(HeadSelection.parse("  ").isEmpty());
        assertEquals(Map.of(1, Set.of(2)), HeadSelection.parse(",1:2,,"));
    }

    @Test
    void anItemThatIsNotTwoIntegersIsNamedInTheError() {
        for (String bad : List.of("12", "12:", ":3", "a:1", "1:2:3", "1-2")) {
            InvalidQueryException e =
                    assertThrows(InvalidQueryException.class, () -> HeadSelection.parse("1:0," + bad));
            assertEquals("'" + bad + "' is not LAYER:HEAD", e.getMessage());
        }
    }

    @Test
    void theParsedSelectionResolvesAgainstTheModel() {
        HeadSelection s = HeadSelection.of(HeadSelection.parse("2:3,2:1"), 2, 4);
        assertArrayEquals(new int[] {1, 3}, s.heads(2));
        assertTrue(s.isAll(1));
        assertThrows(InvalidQueryException.class, () -> HeadSelection.of(HeadSelection.parse("3:0"), 2, 4));
    }
}
