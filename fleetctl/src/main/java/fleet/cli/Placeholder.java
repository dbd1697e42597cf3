package fleet.cli; public final class Placeholder {}
