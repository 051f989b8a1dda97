package org.stratacache.jdbc.result;

import java.io.Serializable;

/**
 * A cell whose value alone does not tell every getter's answer: it also keeps the driver's
 * {@code getString} text (when that differs from {@code String.valueOf(value)}) and, for temporal
 * columns, the driver's java.time value. Cells whose value tells everything are stored bare.
 */
record Cell(Object value, String text, Object time) implements Serializable {
}
