package org.stratacache.core.invalidation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The text form of one invalidation message, small enough for a PostgreSQL notification (under 8000 bytes):
 * lines {@code strata1}, the sender's id, the send time (epoch millis, for the delay statistics), then one tag
 * per line, or the single line {@code *} for "everything". Tags never contain a line break (table names with
 * one are sent as "everything"). A message sent inside the writing transaction may end with the line
 * {@code #xid=<n>}, that transaction's id (added by the database as it sends it: {@link #XID_LINE}), so that an
 * instance that also reads the commit from a replication slot applies it once; a reader that predates the
 * line takes it for a tag that nothing carries.
 *
 * @param sender   the publishing bus's id, so a bus ignores its own messages
 * @param sentAt   epoch millis when it was sent
 * @param tags     the tags; empty when {@code all}
 * @param all      invalidate everything
 * @param xid      the writing transaction's id (PostgreSQL's 64-bit form), 0 when unknown
 */
public record InvalidationMessage(String sender, long sentAt, List<String> tags, boolean all, long xid) {
    /** The largest payload PostgreSQL takes is just under 8000 bytes; leave room for the header. */
    public static final int MAX_PAYLOAD_BYTES = 7_900;
    /** The start of the line that carries the writing transaction's id. */
    public static final String XID_LINE = "#xid=";
    private static final String VERSION = "strata1";

    /** A message for {@code tags}, or "everything" when they do not fit into {@link #MAX_PAYLOAD_BYTES}. */
    public static InvalidationMessage of(String sender, long sentAt, Collection<String> tags) {
        int bytes = VERSION.length() + sender.length() + 24;
        for (String tag : tags) {
            if (tag.indexOf('\n') >= 0 || tag.equals("*") || tag.startsWith(XID_LINE)) {
                return everything(sender, sentAt);
            }
            bytes += tag.length() * 3 + 1; // UTF-8 worst case
            if (bytes > MAX_PAYLOAD_BYTES) {
                return everything(sender, sentAt);
            }
        }
        return new InvalidationMessage(sender, sentAt, List.copyOf(tags), false, 0);
    }

    public static InvalidationMessage everything(String sender, long sentAt) {
        return new InvalidationMessage(sender, sentAt, List.of(), true, 0);
    }

    public String encode() {
        StringBuilder sb = new StringBuilder(VERSION).append('\n').append(sender).append('\n').append(sentAt);
        if (all) {
            sb.append("\n*");
        }
        for (String tag : tags) {
            sb.append('\n').append(tag);
        }
        if (xid != 0) {
            sb.append('\n').append(XID_LINE).append(xid);
        }
        return sb.toString();
    }

    /** The message in {@code payload}; null when it is not one of Strata's (another program's notification). */
    public static InvalidationMessage decode(String payload) {
        if (payload == null || !payload.startsWith(VERSION + "\n")) {
            return null;
        }
        String[] lines = payload.split("\n", -1);
        if (lines.length < 3) {
            return null;
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(lines[2]);
        } catch (NumberFormatException e) {
            return null;
        }
        List<String> tags = new ArrayList<>(lines.length - 3);
        boolean all = false;
        long xid = 0;
        for (int i = 3; i < lines.length; i++) {
            if (lines[i].equals("*")) {
                all = true;
            } else if (lines[i].startsWith(XID_LINE)) {
                xid = parseXid(lines[i].substring(XID_LINE.length()));
            } else if (!lines[i].isEmpty()) {
                tags.add(lines[i]);
            }
        }
        return new InvalidationMessage(lines[1], sentAt, all ? List.of() : tags, all, xid);
    }

    private static long parseXid(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0; // unknown: the commit may then be applied twice, which is harmless
        }
    }
}
