package io.streetgate.gateway.api.format;

/**
 * The labels of SenML (RFC 8428 section 4.3) with their CBOR integer labels (section 6, Table 6): one table for
 * the CoAP ingest's decoder and encoder and the uplink's lean format.
 */
public enum SenmlLabel {
    BVER("bver", -1, Type.INTEGER),
    BN("bn", -2, Type.STRING),
    BT("bt", -3, Type.NUMBER),
    BU("bu", -4, Type.STRING),
    BV("bv", -5, Type.NUMBER),
    BS("bs", -6, Type.NUMBER),
    N("n", 0, Type.STRING),
    U("u", 1, Type.STRING),
    V("v", 2, Type.NUMBER),
    VS("vs", 3, Type.STRING),
    VB("vb", 4, Type.BOOLEAN),
    S("s", 5, Type.NUMBER),
    T("t", 6, Type.NUMBER),
    UT("ut", 7, Type.NUMBER),
    VD("vd", 8, Type.DATA);

    /** What a label's value must be. */
    public enum Type { STRING, NUMBER, INTEGER, BOOLEAN, DATA }

    /** The label's name in SenML JSON. */
    public final String json;
    /** The label's integer in SenML CBOR. */
    public final int cbor;
    public final Type type;

    SenmlLabel(String json, int cbor, Type type) {
        this.json = json;
        this.cbor = cbor;
        this.type = type;
    }

    /**
     * The label for a map key: its JSON name, or in CBOR its integer label (given as decimal text); null for a
     * label this table does not know.
     */
    public static SenmlLabel of(String key, boolean cbor) {
        for (SenmlLabel label : values()) {
            if (cbor ? key.equals(Integer.toString(label.cbor)) : key.equals(label.json)) {
                return label;
            }
        }
        return null;
    }
}
