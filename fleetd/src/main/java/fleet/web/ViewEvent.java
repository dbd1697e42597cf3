package fleet.web;

/**
 * Something that happened in the cluster, as the view saw it change.
 *
 * @param at      when the view saw it, epoch milliseconds
 * @param kind    {@code machine}, {@code leader}, {@code unit}, {@code placement} or {@code state}
 * @param subject the machine ID or unit name it is about
 * @param text    one line for people
 */
public record ViewEvent(long at, String kind, String subject, String text) {}
