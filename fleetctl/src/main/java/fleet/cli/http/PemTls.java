package fleet.cli.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds an {@link SSLContext} from PEM files, as fleetctl's --ca-file/--cert-file/--key-file take them.
 * Keys may be PKCS#8 ({@code PRIVATE KEY}) or PKCS#1 RSA ({@code RSA PRIVATE KEY}).
 */
public final class PemTls {
    private static final char[] NO_PASSWORD = new char[0];

    private PemTls() {}

    /** Any argument may be null: no CA file means the JDK's default trust store; no cert means no client auth. */
    public static SSLContext context(Path caFile, Path certFile, Path keyFile) throws IOException {
        if ((certFile == null) != (keyFile == null)) {
            throw new IOException("--cert-file and --key-file must be given together");
        }
        try {
            TrustManagerFactory tmf = null;
            if (caFile != null) {
                KeyStore trust = emptyStore();
                int i = 0;
                for (Certificate c : certificates(caFile)) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (certFile != null) {
                List<Certificate> chain = certificates(certFile);
                KeyStore keys = emptyStore();
                keys.setKeyEntry("client", privateKey(keyFile), NO_PASSWORD, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, NO_PASSWORD);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
        if (certs.isEmpty()) {
            throw new IOException("no certificate in " + file);
        }
        return new ArrayList<>(certs);
    }

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
            return pkcs8(block(pem, "PRIVATE KEY", file));
        }
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            return KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(Pkcs1.wrapRsa(block(pem, "RSA PRIVATE KEY", file))));
        }
        throw new IOException(file + " holds no unencrypted PKCS#8 or PKCS#1 RSA private key; convert it with "
                + "'openssl pkcs8 -topk8 -nocrypt'");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        for (String alg : List.of("RSA", "EC", "Ed25519", "EdDSA")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        throw new InvalidKeySpecException("unsupported private key algorithm");
    }

    private static byte[] block(String pem, String type, Path file) throws IOException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end, b);
        if (b < 0 || e < 0) {
            throw new IOException("malformed PEM block " + type + " in " + file);
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new IOException("malformed base64 in " + file);
        }
    }
}
