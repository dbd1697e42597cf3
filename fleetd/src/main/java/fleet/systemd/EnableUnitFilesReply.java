package fleet.systemd;

import java.util.List;

import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.Position;

/** The two out-arguments of EnableUnitFiles. */
public final class EnableUnitFilesReply extends Tuple {
    @Position(0)
    public final boolean carriesInstallInfo;
    @Position(1)
    public final List<UnitFileChange> changes;

    public EnableUnitFilesReply(boolean carriesInstallInfo, List<UnitFileChange> changes) {
        this.carriesInstallInfo = carriesInstallInfo;
        this.changes = changes;
    }
}
