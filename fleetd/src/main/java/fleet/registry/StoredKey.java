package fleet.registry;

/** One key read from etcd: key relative to the registry prefix, UTF-8 value, revisions, lease (0 = none). */
record StoredKey(String key, String value, long createRevision, long modRevision, long lease) {}
