package fleet.registry;

import fleet.unit.DesiredState;
import fleet.unit.UnitFile;

/** A unit to create: its name, its body and the desired state it starts in. */
public record NewUnit(String name, UnitFile file, DesiredState desired) {}
