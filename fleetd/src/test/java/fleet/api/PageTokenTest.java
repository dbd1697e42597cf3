package fleet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class PageTokenTest {
    @Test
    void aTokenRoundTripsAndKeepsFleetsLimitAndPageLayoutFirst() {
        PageToken t = new PageToken(100, 3, 123_456_789L);
        assertThat(PageToken.decode(t.encode())).isEqualTo(t);
        // limit 100 and page 3 as little-endian uint16 first, as fleet encoded them
        assertThat(java.util.Arrays.copyOf(java.util.Base64.getUrlDecoder().decode(t.encode()), 4))
                .containsExactly(100, 0, 3, 0);
        assertThat(t.next()).isEqualTo(new PageToken(100, 4, 123_456_789L));
    }

    @Test
    void theQueryRulesFollowFleet() {
        assertThat(PageToken.fromQuery(List.of(), 2)).isNull();
        String ok = new PageToken(2, 1, 9).encode();
        assertThat(PageToken.fromQuery(List.of(ok), 2)).isEqualTo(new PageToken(2, 1, 9));
        assertThatThrownBy(() -> PageToken.fromQuery(List.of(ok, ok), 2)).hasMessage("too many values for page token");
        assertThatThrownBy(() -> PageToken.fromQuery(List.of(ok), 5)).hasMessage("token limit must be 5");
        assertThatThrownBy(() -> PageToken.fromQuery(List.of(new PageToken(2, 0, 9).encode()), 2))
                .hasMessage("token page must be greater than zero");
        assertThatThrownBy(() -> PageToken.fromQuery(List.of(new PageToken(2, 1, 0).encode()), 2))
                .hasMessageContaining("no etcd revision");
    }

    @Test
    void slicesGiveANextTokenExactlyWhenThePageIsFull() {
        List<Integer> five = List.of(1, 2, 3, 4, 5);
        Pages.Slice<Integer> p1 = Pages.slice(five, new PageToken(2, 1, 7));
        assertThat(p1.items()).containsExactly(1, 2);
        assertThat(PageToken.decode(p1.nextPageToken())).isEqualTo(new PageToken(2, 2, 7));
        Pages.Slice<Integer> p3 = Pages.slice(five, new PageToken(2, 3, 7));
        assertThat(p3.items()).containsExactly(5);
        assertThat(p3.nextPageToken()).isNull();
        assertThat(Pages.slice(five, new PageToken(2, 9, 7)).items()).isEmpty();
        assertThat(Pages.slice(List.of(1, 2), new PageToken(2, 1, 7)).nextPageToken()).isNotNull();
    }
}
