package io.webappupgrade.manager;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust in exactly the certificate authorities of a PEM bundle, for a manager whose certificate
 * is signed by a private CA. Verification stays on (chain and host name); there is no way to
 * turn it off.
 */
record TrustedCertificates(X509TrustManager trustManager, SSLContext context) {

    static TrustedCertificates fromPem(Path bundle) {
        try (InputStream in = Files.newInputStream(bundle)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("the CA bundle '" + bundle + "' holds no certificate; expected PEM "
                        + "blocks '-----BEGIN CERTIFICATE-----'");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + n++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            X509TrustManager manager = null;
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    manager = x;
                }
            }
            if (manager == null) {
                throw new IllegalStateException("no X.509 trust manager in this Java runtime");
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {manager}, null);
            return new TrustedCertificates(manager, context);
        } catch (IOException e) {
            throw new IllegalArgumentException("the CA bundle '" + bundle + "' could not be read: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the CA bundle '" + bundle + "' is not a PEM file of certificates: "
                    + e.getMessage(), e);
        }
    }
}
