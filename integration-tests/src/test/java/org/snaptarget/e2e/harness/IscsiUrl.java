package org.snaptarget.e2e.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A libiscsi URL, {@code iscsi://[user%secret@]host:port/target-iqn/lun[?args]}, as understood
 * by iscsi-inq, iscsi-test-cu and qemu's iscsi driver. Mutual CHAP travels as the URL arguments
 * {@code target_user} and {@code target_password}; a header digest as {@code header_digest}.
 */
public record IscsiUrl(String host, int port, String iqn, int lun, Optional<ChapCredentials> chap,
                       Optional<ChapCredentials> targetChap, Optional<String> headerDigest) {

    public static IscsiUrl of(String host, int port, String iqn, int lun) {
        return new IscsiUrl(host, port, iqn, lun, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public IscsiUrl withChap(ChapCredentials credentials) {
        return new IscsiUrl(host, port, iqn, lun, Optional.of(credentials), targetChap, headerDigest);
    }

    public IscsiUrl withTargetChap(ChapCredentials credentials) {
        return new IscsiUrl(host, port, iqn, lun, chap, Optional.of(credentials), headerDigest);
    }

    /** {@code digest}: none, crc32c, none-crc32c or crc32c-none (libiscsi's and qemu's spelling). */
    public IscsiUrl withHeaderDigest(String digest) {
        return new IscsiUrl(host, port, iqn, lun, chap, targetChap, Optional.of(digest));
    }

    /** The portal alone, as iscsi-ls wants it for discovery. */
    public String portal() {
        return "iscsi://" + credentials() + host + ":" + port;
    }

    @Override
    public String toString() {
        List<String> args = new ArrayList<>();
        targetChap.ifPresent(c -> {
            args.add("target_user=" + c.user());
            args.add("target_password=" + c.secret());
        });
        headerDigest.ifPresent(d -> args.add("header_digest=" + d));
        String query = args.isEmpty() ? "" : "?" + String.join("&", args);
        return "iscsi://" + credentials() + host + ":" + port + "/" + iqn + "/" + lun + query;
    }

    /**
     * The same session as qemu {@code --image-opts} ({@code driver=raw,file.driver=iscsi,...}); qemu's
     * iscsi driver takes the header digest only this way (qemu-io 7.2 crashes on the URL argument).
     */
    public String imageOpts() {
        StringBuilder opts = new StringBuilder("driver=raw,file.driver=iscsi,file.transport=tcp,file.portal=")
                .append(host).append(':').append(port).append(",file.target=").append(iqn).append(",file.lun=").append(lun);
        chap.ifPresent(c -> opts.append(",file.user=").append(c.user()).append(",file.password=").append(c.secret()));
        headerDigest.ifPresent(d -> opts.append(",file.header-digest=").append(d));
        return opts.toString();
    }

    private String credentials() {
        return chap.map(c -> c.user() + "%" + c.secret() + "@").orElse("");
    }
}
