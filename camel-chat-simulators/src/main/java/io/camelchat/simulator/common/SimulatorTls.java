package io.camelchat.simulator.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * TLS material shared by all simulators: a self-signed RSA 2048 certificate for {@code CN=localhost}
 * with SAN {@code dns:localhost, ip:127.0.0.1}, valid for 100 years, bundled as the PKCS12 keystore
 * {@code io/camelchat/simulator/tls/localhost.p12} (password {@value #PASSWORD}, alias {@value #ALIAS}).
 * It was generated once with:
 * <pre>
 * keytool -genkeypair -alias localhost -keyalg RSA -keysize 2048 -dname CN=localhost \
 *   -ext SAN=dns:localhost,ip:127.0.0.1 -validity 36500 -storetype PKCS12 \
 *   -keystore localhost.p12 -storepass changeit -keypass changeit
 * </pre>
 */
public final class SimulatorTls {

    /** Password of the bundled keystore and of the trust store written by {@link #trustStoreFile()}. */
    public static final String PASSWORD = "changeit";
    /** Alias of the key entry in the bundled keystore. */
    public static final String ALIAS = "localhost";
    private static final String RESOURCE = "/io/camelchat/simulator/tls/localhost.p12";

    private static volatile SslContext serverContext;
    private static volatile SslContext clientAuthServerContext;
    private static volatile Path trustStoreFile;

    private SimulatorTls() {
    }

    /** The bundled keystore (private key + certificate). */
    public static KeyStore keyStore() {
        try (InputStream in = SimulatorTls.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The simulator certificate. */
    public static Certificate certificate() {
        try {
            return keyStore().getCertificate(ALIAS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A trust store (PKCS12) holding only the simulator certificate. */
    public static KeyStore trustStore() {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, PASSWORD.toCharArray());
            ts.setCertificateEntry(ALIAS, certificate());
            return ts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Netty server context (JDK provider) serving the bundled certificate. Cached. */
    public static SslContext serverContext() {
        SslContext ctx = serverContext;
        if (ctx == null) {
            synchronized (SimulatorTls.class) {
                ctx = serverContext;
                if (ctx == null) {
                    try {
                        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                        kmf.init(keyStore(), PASSWORD.toCharArray());
                        ctx = SslContextBuilder.forServer(kmf).sslProvider(SslProvider.JDK).build();
                        serverContext = ctx;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return ctx;
    }

    /**
     * Netty server context (JDK provider) serving the bundled certificate and <em>asking</em> for a TLS client
     * certificate ({@code ClientAuth.OPTIONAL}). Any client certificate is accepted at the TLS level (the simulator
     * decides per request from {@link SimRequest#peerCertificates()} whether it knows it); clients without a
     * certificate can still connect. Cached.
     */
    public static SslContext clientAuthServerContext() {
        SslContext ctx = clientAuthServerContext;
        if (ctx == null) {
            synchronized (SimulatorTls.class) {
                ctx = clientAuthServerContext;
                if (ctx == null) {
                    try {
                        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                        kmf.init(keyStore(), PASSWORD.toCharArray());
                        ctx = SslContextBuilder.forServer(kmf).sslProvider(SslProvider.JDK)
                                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                                .clientAuth(ClientAuth.OPTIONAL).build();
                        clientAuthServerContext = ctx;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return ctx;
    }

    /** A new JDK client context that trusts only the simulator certificate. */
    public static SSLContext clientContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes (once per JVM) a PKCS12 trust store holding only the simulator certificate to a temporary
     * file and returns its path; password {@value #PASSWORD}. Set {@code javax.net.ssl.trustStore},
     * {@code javax.net.ssl.trustStorePassword} and {@code javax.net.ssl.trustStoreType=PKCS12} to it
     * before the JVM's first TLS use to make the default trust managers accept the simulator.
     */
    public static Path trustStoreFile() {
        Path p = trustStoreFile;
        if (p == null) {
            synchronized (SimulatorTls.class) {
                p = trustStoreFile;
                if (p == null) {
                    try {
                        p = Files.createTempFile("camel-chat-simulator-truststore", ".p12");
                        p.toFile().deleteOnExit();
                        try (OutputStream out = Files.newOutputStream(p)) {
                            trustStore().store(out, PASSWORD.toCharArray());
                        }
                        trustStoreFile = p;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return p;
    }

    /**
     * Makes a client key store for mutual TLS: a PKCS12 file {@code <cn>.p12} in {@code dir} holding a new RSA 2048
     * key with a self-signed certificate for {@code CN=<cn>} under the alias {@code bot} (store and key password
     * {@value #PASSWORD}), made with the running JDK's {@code keytool}.
     */
    public static Path clientKeyStore(Path dir, String cn) {
        Path file = dir.resolve(cn + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        try {
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "bot", "-keyalg", "RSA", "-keysize",
                    "2048",
                    "-dname", "CN=" + cn, "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Loads a PKCS12 file written by {@link #clientKeyStore(Path, String)}. */
    public static KeyStore load(Path pkcs12) {
        try (InputStream in = Files.newInputStream(pkcs12)) {
            KeyStore k = KeyStore.getInstance("PKCS12");
            k.load(in, PASSWORD.toCharArray());
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
