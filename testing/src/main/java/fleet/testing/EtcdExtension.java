package fleet.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real single-member etcd per test class. Use as a static field:
 * {@code @RegisterExtension static EtcdExtension etcd = new EtcdExtension();}
 * Tests are skipped (or fail, in CI) when the etcd binary is absent.
 */
public final class EtcdExtension implements BeforeAllCallback, AfterAllCallback {
    private EtcdProcess etcd;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        TestEnv.require(EtcdProcess.binaryAvailable(), "the etcd binary (Debian package etcd-server; bin/setup installs it)");
        etcd = EtcdProcess.startSingle();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (etcd != null) {
            etcd.close();
        }
    }

    public EtcdProcess process() {
        return etcd;
    }

    public String endpoint() {
        return etcd.clientUrl();
    }
}
