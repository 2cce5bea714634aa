package io.github.genesysqueuefeed.support;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * What a secured production broker looks like, made in the test: a CA, a broker certificate for localhost signed by
 * it, the broker's keystore and a client truststore (PKCS12 files in {@code dir}), a second CA the broker does not
 * use (for "certificate not trusted"), and the broker properties of a SASL_SSL listener with SASL/PLAIN users.
 * The KRaft controller and the inter-broker listener stay PLAINTEXT: only what clients use is secured.
 *
 * <pre>
 * SecuredKafka secured = SecuredKafka.create(dir, Map.of("feed", "feed-password"));
 * KafkaTestBroker broker = KafkaTestBroker.start(secured.brokerProperties());
 * </pre>
 */
public final class SecuredKafka {

    public static final String STORE_PASSWORD = "store-pass-123";
    private static final String ADMIN_PASSWORD = "admin-pw-5678";
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path truststore;
    private final Path otherCaTruststore;
    private final Map<String, String> brokerProperties;

    private SecuredKafka(Path truststore, Path otherCaTruststore, Map<String, String> brokerProperties) {
        this.truststore = truststore;
        this.otherCaTruststore = otherCaTruststore;
        this.brokerProperties = brokerProperties;
    }

    /** Certificates and stores in {@code dir}; {@code users} are the SASL/PLAIN users (name -> password). */
    public static SecuredKafka create(Path dir, Map<String, String> users) {
        try {
            KeyPair caKeys = keyPair();
            X509Certificate ca = certificate("CN=feed test CA", caKeys, "CN=feed test CA", caKeys, true);
            KeyPair brokerKeys = keyPair();
            X509Certificate broker = certificate("CN=localhost", brokerKeys, "CN=feed test CA", caKeys, false);
            KeyPair otherKeys = keyPair();
            X509Certificate otherCa = certificate("CN=some other CA", otherKeys, "CN=some other CA", otherKeys, true);

            Path keystore = dir.resolve("broker.p12");
            KeyStore brokerStore = KeyStore.getInstance("PKCS12");
            brokerStore.load(null, null);
            brokerStore.setKeyEntry("broker", brokerKeys.getPrivate(), STORE_PASSWORD.toCharArray(),
                    new Certificate[] {broker, ca});
            write(brokerStore, keystore);
            Path truststore = dir.resolve("truststore.p12");
            write(trustStore(ca), truststore);
            Path otherTruststore = dir.resolve("other-ca-truststore.p12");
            write(trustStore(otherCa), otherTruststore);

            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            Map<String, String> allUsers = new HashMap<>(users);
            allUsers.put("admin", ADMIN_PASSWORD);
            allUsers.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
            jaas.append(';');
            Map<String, String> props = new HashMap<>();
            props.put("listeners", "EXTERNAL://localhost:0,INTERNAL://localhost:0,CONTROLLER://localhost:0");
            props.put("listener.security.protocol.map", "EXTERNAL:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", "INTERNAL");
            props.put("sasl.enabled.mechanisms", "PLAIN");
            props.put("listener.name.external.plain.sasl.jaas.config", jaas.toString());
            props.put("listener.name.external.ssl.keystore.location", keystore.toString());
            props.put("listener.name.external.ssl.keystore.password", STORE_PASSWORD);
            props.put("listener.name.external.ssl.key.password", STORE_PASSWORD);
            props.put("listener.name.external.ssl.keystore.type", "PKCS12");
            return new SecuredKafka(truststore, otherTruststore, Map.copyOf(props));
        } catch (Exception e) {
            throw new IllegalStateException("could not make the test certificates", e);
        }
    }

    /** The broker properties of the SASL_SSL listener, for {@link KafkaTestBroker#start(Map)}. */
    public Map<String, String> brokerProperties() {
        return brokerProperties;
    }

    /** A PKCS12 truststore holding the CA that signed the broker's certificate (password {@value #STORE_PASSWORD}). */
    public Path truststore() {
        return truststore;
    }

    /** A PKCS12 truststore holding only a CA the broker's certificate has nothing to do with. */
    public Path otherCaTruststore() {
        return otherCaTruststore;
    }

    /** Client properties of a consumer or admin client logging in as {@code user} over SASL_SSL. */
    public Properties clientProperties(String user, String password) {
        Properties props = new Properties();
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", "PLAIN");
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", STORE_PASSWORD);
        props.put("ssl.truststore.type", "PKCS12");
        return props;
    }

    /** Creates {@code topics} (3 partitions) through the SASL_SSL listener, as an ops team would. */
    public void createTopics(String bootstrapServers, String... topics) {
        Properties props = clientProperties("admin", ADMIN_PASSWORD);
        props.put("bootstrap.servers", bootstrapServers);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            admin.createTopics(java.util.Arrays.stream(topics)
                    .map(t -> new org.apache.kafka.clients.admin.NewTopic(t, 3, (short) 1)).toList()).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("could not create topics " + java.util.List.of(topics), e);
        }
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
                                               boolean ca) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static KeyStore trustStore(X509Certificate ca) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        return store;
    }

    private static void write(KeyStore store, Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }
    }
}
