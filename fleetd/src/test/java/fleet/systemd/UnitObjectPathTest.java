package fleet.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitObjectPathTest {
    @Test
    void escapesLikeSystemd() {
        assertThat(UnitObjectPath.of("hello.service")).isEqualTo("/org/freedesktop/systemd1/unit/hello_2eservice");
        assertThat(UnitObjectPath.of("web@1.service")).isEqualTo("/org/freedesktop/systemd1/unit/web_401_2eservice");
        assertThat(UnitObjectPath.of("1st.service")).isEqualTo("/org/freedesktop/systemd1/unit/_31st_2eservice");
    }

    @Test
    void unescapesBackToTheName() {
        for (String name : new String[] {"hello.service", "web@1.service", "1st.service", "a-b_c.timer"}) {
            assertThat(UnitObjectPath.unitName(UnitObjectPath.of(name))).contains(name);
        }
    }

    @Test
    void rejectsOtherPathsAndBrokenEscapes() {
        assertThat(UnitObjectPath.unitName("/org/freedesktop/systemd1/job/12")).isEmpty();
        assertThat(UnitObjectPath.unitName("/org/freedesktop/systemd1/unit/bad_2")).isEmpty();
        assertThat(UnitObjectPath.unitName("/org/freedesktop/systemd1/unit/bad_zz")).isEmpty();
    }
}
