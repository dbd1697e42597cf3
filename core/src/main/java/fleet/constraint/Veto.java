package fleet.constraint;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Why a unit may not run on a machine, in words a user can act on ("requires role=master, has
 * role=node"). The text is built only when read: the scheduler rejects many machines on its way
 * to a good one and needs the words only for units it cannot place. Not thread-safe: a veto is
 * made and read within one planning pass; decisions keep only the string.
 */
public final class Veto {
    private Supplier<String> text;
    private String reason;

    private Veto(Supplier<String> text) {
        this.text = text;
    }

    public static Veto of(String reason) {
        Objects.requireNonNull(reason, "reason");
        return new Veto(() -> reason);
    }

    public static Veto lazy(Supplier<String> reason) {
        return new Veto(Objects.requireNonNull(reason, "reason"));
    }

    public String reason() {
        if (reason == null) {
            reason = text.get();
            text = null;
        }
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Veto other && reason().equals(other.reason());
    }

    @Override
    public int hashCode() {
        return reason().hashCode();
    }

    @Override
    public String toString() {
        return "Veto[" + reason() + "]";
    }
}
