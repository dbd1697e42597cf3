package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the API's request bodies (bounded tries, so it runs in CI): whatever the bytes, decoding a
 * unit PUT or a metadata PATCH either succeeds or is refused with a 4xx and a message, never
 * another exception (which would be a 500).
 */
class RequestBodyFuzzProperties {
    static final String VALID = "{\"name\":\"a.service\",\"desiredState\":\"launched\",\"options\":["
            + "{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/true\"},"
            + "{\"section\":\"X-Fleet\",\"name\":\"Conflicts\",\"value\":\"a*.service\"}]}";
    static final String PATCH = "[{\"op\":\"add\",\"path\":\"/m1/metadata/disk\",\"value\":{\"value\":\"ssd\"}}]";

    @Property(tries = 1500)
    void arbitraryTextIsDecodedOrRefusedWith4xx(@ForAll String body) {
        refusedCleanly(() -> UnitPutBody.decode(body));
        refusedCleanly(() -> MetadataPatch.parse(body));
    }

    @Property(tries = 1500)
    void mutatedValidBodiesAreDecodedOrRefusedWith4xx(@ForAll("mutatedPut") String body, @ForAll("mutatedPatch")
            String patch) {
        refusedCleanly(() -> UnitPutBody.decode(body));
        refusedCleanly(() -> MetadataPatch.parse(patch));
    }

    @Provide
    Arbitrary<String> mutatedPut() {
        return mutated(VALID);
    }

    @Provide
    Arbitrary<String> mutatedPatch() {
        return mutated(PATCH);
    }

    /** The body with a run of characters deleted, replaced or inserted (JSON punctuation favoured). */
    static Arbitrary<String> mutated(String valid) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, valid.length());
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 6);
        Arbitrary<String> insert = Arbitraries.oneOf(Arbitraries.of("{", "}", "[", "]", "\"", ":", ",", "null", "1e999",
                "\\u0000", "\\", "-", "true", "[[[[[[[[", "{\"options\":"), Arbitraries.strings().ofMaxLength(4));
        return Combinators.combine(at, cut, insert).as((i, n, s) ->
                valid.substring(0, i) + s + valid.substring(Math.min(valid.length(), i + n)));
    }

    static void refusedCleanly(Runnable decode) {
        try {
            decode.run();
        } catch (ApiException e) {
            assertThat(e.status()).isBetween(400, 499);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
