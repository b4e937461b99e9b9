package io.streetgate.provision;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The PKCS#10 request the city's CA signs: the node's subject, its public key, and the extensions a TLS client
 * certificate for this node should carry (the node id as URI and, when it is a valid host name, as DNS name).
 */
final class SigningRequest {
    static final String URN_PREFIX = "urn:streetgate:node:";
    // node ids may hold '_', which is not allowed in a host name; such ids get the URI name only
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private SigningRequest() {
    }

    static PKCS10CertificationRequest create(NodeKey key, NodeSubject subject) {
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false, alternativeNames(subject.node()));
            extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            extensions.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            return new JcaPKCS10CertificationRequestBuilder(subject.x500Name(), key.publicKey())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Crypto.BC).build(key.privateKey()));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build the certificate signing request", e);
        }
    }

    static GeneralNames alternativeNames(String node) {
        List<GeneralName> names = new ArrayList<>();
        if (DNS_LABEL.matcher(node).matches()) {
            names.add(new GeneralName(GeneralName.dNSName, node));
        }
        names.add(new GeneralName(GeneralName.uniformResourceIdentifier, URN_PREFIX + node));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    static byte[] pem(PKCS10CertificationRequest request) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(request);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the request", e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The request in {@code file}; empty when there is none or it cannot be read (then it is written anew). */
    static Optional<PKCS10CertificationRequest> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            return parser.readObject() instanceof PKCS10CertificationRequest request
                    ? Optional.of(request) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether an existing request already asks for this key, subject and names (then it is kept). */
    static boolean fits(PKCS10CertificationRequest request, NodeKey key, NodeSubject subject) {
        try {
            byte[] requested = request.getSubjectPublicKeyInfo().getEncoded("DER");
            if (!Arrays.equals(requested, key.subjectPublicKeyInfo()) || !request.getSubject().equals(subject.x500Name())) {
                return false;
            }
            Extensions extensions = request.getRequestedExtensions();
            return extensions != null && alternativeNames(subject.node()).equals(
                    GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName));
        } catch (IOException e) {
            return false;
        }
    }
}
