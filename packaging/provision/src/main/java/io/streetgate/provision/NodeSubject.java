package io.streetgate.provision;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import java.util.regex.Pattern;

/**
 * The name the node asks its certificate for: {@code CN=<node id>}, optionally with the city's organisation and
 * country.
 *
 * @param node         the node id
 * @param organization {@code O=}, null for none
 * @param country      {@code C=}, two upper-case letters (ISO 3166), null for none
 */
record NodeSubject(String node, String organization, String country) {
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final int MAX_ORGANIZATION = 64; // X.520 ub-organization-name

    static NodeSubject of(String node, String organization, String country) throws Refused {
        if (country != null && !COUNTRY.matcher(country).matches()) {
            throw Refused.usage("--country '" + country + "' is not a country code; use two upper-case letters "
                    + "(ISO 3166), e.g. DE");
        }
        if (organization != null && (organization.isBlank() || organization.length() > MAX_ORGANIZATION)) {
            throw Refused.usage("--org must have 1 to 64 characters");
        }
        return new NodeSubject(node, organization, country);
    }

    /** The organisation and country of an earlier request, so a re-run without --org/--country keeps them. */
    static NodeSubject from(X500Name name, String node) {
        return new NodeSubject(node, value(name, BCStyle.O), value(name, BCStyle.C));
    }

    static String commonName(X500Name name) {
        return value(name, BCStyle.CN);
    }

    NodeSubject orElse(NodeSubject earlier) {
        return new NodeSubject(node, organization != null ? organization : earlier.organization,
                country != null ? country : earlier.country);
    }

    X500Name x500Name() {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        if (country != null) {
            name.addRDN(BCStyle.C, country);
        }
        if (organization != null) {
            name.addRDN(BCStyle.O, organization);
        }
        return name.addRDN(BCStyle.CN, node).build();
    }

    private static String value(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    @Override
    public String toString() {
        return x500Name().toString();
    }
}
