package fleet.registry;

/** This machine as the cluster knows it: its registration, the lease it lives on, and its contact with etcd. */
public interface MachinePresence {
    MachineInfo machine();

    /** The current lease; it changes after a re-registration. */
    long lease();

    /** What this machine's keep-alives have seen of etcd. */
    EtcdContact contact();
}
