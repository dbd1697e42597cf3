package fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.cluster.FleetApiClient;
import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;
import fleet.unit.UnitFile;

/**
 * The live web view in Debian's headless Chromium against a three-machine lab: the page served by
 * m3's fleetd shows a unit on a role=web machine and why another cannot be placed; the machine
 * running the unit is killed, and the same page, never reloaded, shows the unit on the other web
 * machine. The page then fits a phone's screen. Screenshots are left in {@code target/web-view.png} (or
 * where {@code -Dfleet.web.screenshot} says) and {@code target/web-view-phone.png}.
 */
@Tag("lab")
class WebViewIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(3).withFleetd()
            .metadata(1, "role=web").metadata(2, "role=web").metadata(3, "role=db");

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(45));
    static final String SLEEPER = "[Service]\nExecStart=/bin/sleep infinity\n";
    static HeadlessChromium browser;

    @BeforeAll
    static void openBrowser() throws Exception {
        TestEnv.require(HeadlessChromium.installed(), "chromium (bin/setup installs it)");
        new FleetApiClient(lab.machine(3).ip(), 49153).awaitMachines(3, WAIT);
        browser = HeadlessChromium.start(960, 720);
    }

    @AfterAll
    static void closeBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    /** The machine IDs the page shows for {@code unit}'s row, "" while it shows none. */
    static String machineOnPage(String unit) throws Exception {
        return browser.eval("(document.querySelector('tr[data-unit=\"" + unit + "\"]') || {dataset: {}}).dataset.machine || ''");
    }

    static String stateOnPage(String unit) throws Exception {
        return browser.eval("(document.querySelector('tr[data-unit=\"" + unit + "\"]') || {dataset: {}}).dataset.state || ''");
    }

    @Test
    void aUnitOfAKilledMachineMovesToAnotherOnThePageWithoutReloading() throws Exception {
        FleetApiClient api = new FleetApiClient(lab.machine(3).ip(), 49153);
        assertThat(api.put("hello.service", UnitFile.parse(SLEEPER + "[X-Fleet]\nMachineMetadata=role=web\n"), "launched"))
                .isEqualTo(201);
        assertThat(api.put("gpu.service", UnitFile.parse(SLEEPER + "[X-Fleet]\nMachineMetadata=role=gpu\n"), "launched"))
                .isEqualTo(201);

        browser.navigate("http://" + lab.machine(3).ip() + ":49153/ui/");
        await().atMost(WAIT).ignoreExceptions().until(() -> stateOnPage("hello.service").equals("active/running"));
        String host = machineOnPage("hello.service");
        LabMachine victim = lab.machine(1).machineId().equals(host) ? lab.machine(1) : lab.machine(2);
        LabMachine survivor = victim == lab.machine(1) ? lab.machine(2) : lab.machine(1);
        assertThat(host).isEqualTo(victim.machineId());
        assertThat(browser.eval("document.querySelectorAll('[data-machine]').length >= 3")).isEqualTo("true");
        await().atMost(WAIT).until(() -> browser.eval("(document.querySelector('[data-unplaceable=\"gpu.service\"]') || {}).textContent || ''")
                .contains("role=gpu"));
        browser.eval("window.sameDocument = 'not reloaded'");

        lab.kill(victim);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> machineOnPage("hello.service").equals(survivor.machineId())
                        && stateOnPage("hello.service").equals("active/running"));
        assertThat(browser.eval("window.sameDocument")).as("the page updated itself; it was not reloaded")
                .isEqualTo("not reloaded");
        // moved in one step, or unplaced when the machine left and placed again
        String onSurvivor = "hello\\.service (moved from \\S+ to|placed on) " + survivor.machineId().substring(0, 8);
        await().atMost(WAIT).until(() -> browser.eval("document.getElementById('events').textContent")
                .matches("(?s).*" + onSurvivor + ".*"));
        assertThat(browser.eval("document.getElementById('events').textContent"))
                .contains("machine " + victim.machineId().substring(0, 8) + "/" + victim.ip() + " left");
        assertThat(browser.eval("document.getElementById('live').textContent")).isEqualTo("live");
        browser.screenshot(Path.of(System.getProperty("fleet.web.screenshot", "target/web-view.png")));

        browser.emulate(390, 844, true); // a phone
        await().atMost(WAIT).until(() -> browser.eval("window.innerWidth").equals("390"));
        assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth"))
                .as("nothing wider than a phone's screen").isEqualTo("true");
        assertThat(browser.eval("getComputedStyle(document.querySelector('#units thead')).display"))
                .as("the units table becomes one card per unit").isEqualTo("none");
        browser.screenshot(Path.of("target/web-view-phone.png"));
    }
}
