package org.snaptarget.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One iSCSI target.
 *
 * @param iqn        its name (RFC 3720 §3.2.6), unique among targets
 * @param alias      TargetAlias sent at login (RFC 7143 §13.6), if any
 * @param chap       credentials the initiator must prove (one-way CHAP, RFC 7143 §12.1.3); empty = AuthMethod None
 * @param mutualChap credentials the target proves back (mutual CHAP); only together with {@code chap}
 * @param initiators initiator names allowed to log in; empty = every initiator
 * @param luns       LUNs with distinct numbers
 */
public record TargetSpec(Iqn iqn, Optional<String> alias, Optional<ChapSpec> chap, Optional<ChapSpec> mutualChap,
                         List<Iqn> initiators, List<LunSpec> luns) {

    public TargetSpec {
        Objects.requireNonNull(iqn, "iqn");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(chap, "chap");
        Objects.requireNonNull(mutualChap, "mutualChap");
        initiators = List.copyOf(initiators);
        luns = List.copyOf(luns);
    }
}
