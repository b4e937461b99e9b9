package io.streetgate.uplink.testing;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.gateway.api.format.SenmlLabel;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** A SenML CBOR pack read back as a data team would: base fields resolved (RFC 8428 section 4.6). */
public final class SenmlRecords {

    /** One resolved record: name, unit, time in seconds since the epoch, and its value. */
    public record Record(String name, String unit, double time, Object value) {
    }

    private static final JSON CBOR = JSON.std.with(new CBORFactory());

    private SenmlRecords() {
    }

    public static List<Record> read(byte[] pack, boolean deflated) throws Exception {
        List<Object> raw = CBOR.listFrom(deflated ? inflate(pack) : pack);
        List<Record> out = new ArrayList<>();
        String bn = "";
        String bu = null;
        double bt = 0;
        for (Object o : raw) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) o;
            bn = (String) r.getOrDefault(key(SenmlLabel.BN), bn);
            bu = (String) r.getOrDefault(key(SenmlLabel.BU), bu);
            bt = ((Number) r.getOrDefault(key(SenmlLabel.BT), bt)).doubleValue();
            double t = ((Number) r.getOrDefault(key(SenmlLabel.T), 0)).doubleValue();
            Object value = r.containsKey(key(SenmlLabel.V)) ? r.get(key(SenmlLabel.V))
                    : r.containsKey(key(SenmlLabel.VS)) ? r.get(key(SenmlLabel.VS)) : r.get(key(SenmlLabel.VB));
            out.add(new Record(bn + r.getOrDefault(key(SenmlLabel.N), ""),
                    (String) r.getOrDefault(key(SenmlLabel.U), bu), bt + t, value));
        }
        return out;
    }

    private static String key(SenmlLabel label) {
        return Integer.toString(label.cbor);
    }

    public static byte[] inflate(byte[] deflated) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                throw new DataFormatException("truncated deflate stream");
            }
            out.write(buffer, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }
}
