package io.attnflow.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void theFipsTestVectorsHashToTheirPublishedValues() {
        // FIPS 180-2, appendix B.1 and the empty message
        assertEquals(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(new byte[0]));
    }

    @Test
    void hashingPieceByPieceEqualsHashingAtOnce() {
        MessageDigest d = Sha256.digest();
        d.update("a".getBytes(StandardCharsets.US_ASCII));
        d.update("bc".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)), Sha256.hex(d));
    }

    @Test
    void aSentenceIdIsTheFirstSixteenHexDigitsOfTheHashOfTextSeparatorTextB() {
        String joined = "Where is the cat?" + '\u001f' + "On the mat.";
        assertEquals(
                Sha256.hex(joined.getBytes(StandardCharsets.UTF_8)).substring(0, 16),
                SentenceInput.idOf("Where is the cat?", "On the mat."));
    }
}
