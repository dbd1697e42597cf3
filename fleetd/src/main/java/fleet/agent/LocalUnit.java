package fleet.agent;

import fleet.unit.DesiredState;
import fleet.unit.UnitHash;

/**
 * A unit as the agent finds it on its host: a file in the units directory with its hash, and
 * whether systemd runs it ({@code LAUNCHED}) or only has it loaded ({@code LOADED}).
 */
public record LocalUnit(String name, UnitHash hash, DesiredState state) {}
