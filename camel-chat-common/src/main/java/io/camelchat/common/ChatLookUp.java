package io.camelchat.common;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Directory look-ups and the kind of their target: {@code to=user:x&operation=getUserByMobile} must not take
 * {@code x} for a mobile number. A target {@code <kind>:<id>} has to be of a kind its operation reads; when the
 * operation was not chosen (no header, no option), the kind picks it ({@code to=mobile:+8613800000001} on a directory
 * endpoint looks up by mobile). A bare id (from the body, or {@code to} without a kind) is what the operation reads.
 */
public final class ChatLookUp {

    private ChatLookUp() {
    }

    /**
     * The operation to run for {@code target}.
     *
     * @param operation the operation from the header, the option or the endpoint's default
     * @param chosen    whether the header or the option set it (else the target's kind may pick another)
     * @param target    the target; its kind is null for a bare id
     * @param kinds     each look-up operation with the target kinds it reads, in the order a kind picks them
     * @throws IllegalArgumentException when the kind contradicts the chosen operation, or no operation reads it
     */
    public static <O extends Enum<O>> O operation(O operation, boolean chosen, ChatTarget target,
                                                  Map<O, Set<String>> kinds) {
        if (target.kind() == null || !kinds.containsKey(operation)) {
            return operation;
        }
        String kind = target.kind().toLowerCase(Locale.ROOT);
        if (kinds.get(operation).contains(kind)) {
            return operation;
        }
        if (!chosen) {
            for (Map.Entry<O, Set<String>> e : kinds.entrySet()) {
                if (e.getValue().contains(kind)) {
                    return e.getKey();
                }
            }
        }
        StringBuilder known = new StringBuilder();
        kinds.forEach((op, k) -> known.append(known.length() == 0 ? "" : ", ").append(op).append(" reads ")
                .append(String.join(" or ", k.stream().sorted().map(s -> s + ":").toList())));
        throw new IllegalArgumentException(chosen
                ? operation + " does not look up '" + target.kind() + ":' targets (" + known + ")"
                : "No look-up reads '" + target.kind() + ":' targets (" + known + ")");
    }
}
