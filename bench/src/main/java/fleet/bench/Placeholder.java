package fleet.bench; public final class Placeholder {}
