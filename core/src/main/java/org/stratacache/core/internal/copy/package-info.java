/**
 * Store-by-value copies: {@link org.stratacache.core.internal.copy.SerializingCopier}, the one serialising copier
 * that a region's local tier, the distributed tier's near cache and the JCache provider all use. Internal: no
 * API, may change without notice.
 */
package org.stratacache.core.internal.copy;
