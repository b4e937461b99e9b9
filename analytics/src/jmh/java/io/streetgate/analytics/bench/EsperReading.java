package io.streetgate.analytics.bench;

/** The reading as an Esper bean event (getters are how Esper 8 reads bean properties). */
public final class EsperReading {

    private final String sourceId;
    private final double value;
    private final long ts;

    public EsperReading(String sourceId, double value, long ts) {
        this.sourceId = sourceId;
        this.value = value;
        this.ts = ts;
    }

    public String getSourceId() {
        return sourceId;
    }

    public double getValue() {
        return value;
    }

    public long getTs() {
        return ts;
    }
}
