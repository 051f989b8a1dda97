package org.stratacache.jdbc.result;

import java.io.Serializable;

/**
 * A cell whose value alone does not tell every getter's answer: it also keeps the driver's
 * {@code getString} text (when that differs from {@code String.valueOf(value)}), for temporal
 * columns the driver's java.time value, and for a {@code Float} the driver's {@code getDouble} when that is not
 * the float widened (pgjdbc parses a {@code real}'s text: 0.1, where widening gives 0.10000000149011612).
 * Cells whose value tells everything are stored bare.
 */
record Cell(Object value, String text, Object time, Double driverDouble) implements Serializable {
}
