package fleet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fleet.constraint.ParsedUnitCache;
import fleet.registry.MachineSchedule;
import fleet.registry.ScheduleRecord;
import fleet.unit.DesiredState;
import fleet.unit.UnitFile;
import fleet.unit.UnitHash;
import fleet.unit.UnitOption;

class DesiredUnitsTest {
    static UnitFile body(String exec, String... xfleet) {
        List<UnitOption> options = new java.util.ArrayList<>(List.of(new UnitOption("Service", "ExecStart", exec)));
        for (int i = 0; i < xfleet.length; i += 2) {
            options.add(new UnitOption("X-Fleet", xfleet[i], xfleet[i + 1]));
        }
        return UnitFile.of(options);
    }

    static final UnitFile APP = body("/bin/app", "Conflicts", "zz-*");
    static final UnitFile WEB_GLOBAL = body("/bin/web", "Global", "true", "MachineMetadata", "role=web");
    static final UnitFile DB_GLOBAL = body("/bin/db", "Global", "true", "MachineMetadata", "role=db");
    static final UnitFile ANY_GLOBAL = body("/bin/any", "Global", "true");
    static final UnitFile BROKEN_GLOBAL = body("/bin/broken", "Global", "true", "MachineID", "abcdef12");

    static MachineSchedule schedule(List<ScheduleRecord> scheduled, List<ScheduleRecord> globals, UnitFile... bodies) {
        Map<UnitHash, UnitFile> byHash = new HashMap<>();
        for (UnitFile b : bodies) {
            byHash.put(b.hash(), b);
        }
        return new MachineSchedule(7, "m1", scheduled, globals, byHash);
    }

    static DesiredUnits desired(MachineSchedule schedule, Map<String, String> metadata) {
        return DesiredUnits.of(schedule, metadata, new ParsedUnitCache(16));
    }

    static ScheduleRecord rec(String name, UnitFile body, DesiredState state) {
        return new ScheduleRecord(name, body.hash(), state);
    }

    @Test
    void scheduledUnitsAndMatchingGlobalsAreDesired() {
        DesiredUnits d = desired(schedule(
                List.of(rec("app.service", APP, DesiredState.LAUNCHED)),
                List.of(rec("web.service", WEB_GLOBAL, DesiredState.LOADED), rec("db.service", DB_GLOBAL,
                        DesiredState.LAUNCHED)), APP, WEB_GLOBAL, DB_GLOBAL), Map.of("role", "web"));
        assertThat(d.units()).containsOnlyKeys("app.service", "web.service");
        assertThat(d.units().get("web.service").state()).isEqualTo(DesiredState.LOADED);
        assertThat(d.units().get("app.service").body()).isEqualTo(APP);
        assertThat(d.notes()).anySatisfy(n -> assertThat(n).startsWith("db.service: global unit not run here"));
        assertThat(d.leaveAlone()).isEmpty();
    }

    @Test
    void scheduledUnitsThatAskForAtMostOneCopyAreListed() {
        UnitFile db = body("/bin/db", "AtMostOneCopy", "true");
        DesiredUnits d = desired(schedule(List.of(rec("db.service", db, DesiredState.LAUNCHED),
                rec("app.service", APP, DesiredState.LAUNCHED)), List.of(), db, APP), Map.of());
        assertThat(d.atMostOneCopy()).containsExactly("db.service");
    }

    @Test
    void inactiveGlobalsAreNotDesired() {
        DesiredUnits d = desired(schedule(List.of(),
                List.of(rec("any.service", ANY_GLOBAL, DesiredState.INACTIVE)), ANY_GLOBAL), Map.of());
        assertThat(d.units()).isEmpty();
    }

    @Test
    void aScheduledUnitsConflictsKeepAGlobalAway() {
        DesiredUnits d = desired(schedule(List.of(rec("app.service", APP, DesiredState.LAUNCHED)),
                List.of(rec("zz-any.service", ANY_GLOBAL, DesiredState.LAUNCHED)), APP, ANY_GLOBAL), Map.of());
        assertThat(d.units()).containsOnlyKeys("app.service");
        assertThat(d.notes()).anySatisfy(n -> assertThat(n).contains("zz-any.service").contains("app.service"));
    }

    @Test
    void aGlobalWithInvalidRequirementsIsNotRun() {
        DesiredUnits d = desired(schedule(List.of(),
                List.of(rec("broken.service", BROKEN_GLOBAL, DesiredState.LAUNCHED)), BROKEN_GLOBAL), Map.of());
        assertThat(d.units()).isEmpty();
        assertThat(d.notes()).anySatisfy(n -> assertThat(n).contains("broken.service").contains("invalid"));
    }

    @Test
    void aUnitWhoseBodyIsMissingIsLeftAlone() {
        DesiredUnits d = desired(schedule(List.of(rec("app.service", APP, DesiredState.LAUNCHED)),
                List.of(rec("any.service", ANY_GLOBAL, DesiredState.LAUNCHED))), Map.of());
        assertThat(d.units()).isEmpty();
        assertThat(d.leaveAlone()).containsExactlyInAnyOrder("app.service", "any.service");
    }

    @Test
    void aQuotedGlobalIsRunEverywhereItsMetadataAllows() {
        UnitFile quoted = body("/bin/q", "Global", "\"true\"");
        DesiredUnits d = desired(schedule(List.of(), List.of(rec("q.service", quoted, DesiredState.LAUNCHED)), quoted),
                Map.of());
        assertThat(d.units()).containsOnlyKeys("q.service");
    }

    @Test
    void anEntryUnderGlobalWhoseBodyIsNotGlobalIsNotRun() {
        // the engine places such a unit (it is not global by the one rule), so running it here too would double it
        DesiredUnits d = desired(schedule(List.of(), List.of(rec("app.service", APP, DesiredState.LAUNCHED)), APP),
                Map.of());
        assertThat(d.units()).isEmpty();
        assertThat(d.notes()).containsExactly(
                "app.service: listed under global/ but not run: its [X-Fleet] Global= is not true");
    }

    @Test
    void aBodySeenInAnEarlierPassIsNotParsedAgain() {
        ParsedUnitCache cache = new ParsedUnitCache(16);
        MachineSchedule s = schedule(List.of(rec("app.service", APP, DesiredState.LAUNCHED)),
                List.of(rec("web.service", WEB_GLOBAL, DesiredState.LAUNCHED)), APP, WEB_GLOBAL);
        DesiredUnits first = DesiredUnits.of(s, Map.of("role", "web"), cache);
        DesiredUnits second = DesiredUnits.of(s, Map.of("role", "web"), cache);
        assertThat(second).isEqualTo(first);
        assertThat(cache.parses()).isEqualTo(2);
    }
}
