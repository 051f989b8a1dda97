package org.stratacache.core.writebehind;

import java.util.List;

/** Closing a write-behind queue left writes unwritten; {@link #report()} lists them. */
public class WriteBehindCloseException extends WriteBehindException {
    private final transient WriteBehind.CloseReport<?, ?> report;

    public WriteBehindCloseException(WriteBehind.CloseReport<?, ?> report) {
        super(describe(report));
        this.report = report;
    }

    public WriteBehind.CloseReport<?, ?> report() {
        return report;
    }

    static String describe(WriteBehind.CloseReport<?, ?> report) {
        List<? extends PendingWrite<?, ?>> unwritten = report.unwritten();
        return "write-behind queue '" + report.queueName() + "' closed with " + unwritten.size()
                + " write(s) not written" + (report.journaled()
                ? " (they stay in the journal and are replayed at the next start)"
                : " (no journal: they are lost unless the caller handles this report)")
                + "; first: " + unwritten.subList(0, Math.min(5, unwritten.size()));
    }
}
