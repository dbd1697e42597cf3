package fleet.fleetd; public final class Placeholder {}
