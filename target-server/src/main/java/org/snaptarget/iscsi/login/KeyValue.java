package org.snaptarget.iscsi.login;

import java.util.Objects;

/** One key=value pair of iSCSI text (RFC 7143 §6.1). */
record KeyValue(String key, String value) {

    KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** "NotUnderstood", "Irrelevant" and "Reject": the three constant answers of RFC 7143 §6.2. */
    static KeyValue notUnderstood(String key) {
        return new KeyValue(key, "NotUnderstood");
    }

    static KeyValue irrelevant(String key) {
        return new KeyValue(key, "Irrelevant");
    }

    static KeyValue reject(String key) {
        return new KeyValue(key, "Reject");
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
