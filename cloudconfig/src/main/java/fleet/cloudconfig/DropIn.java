package fleet.cloudconfig;

/** One {@code drop_ins} entry of a unit: {@code <unit>.d/<name>} with its content. */
public record DropIn(String name, String content) {
}
