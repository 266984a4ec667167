# Prefix for a linux-initiator scenario: the session really negotiated CRC32C header and data
# digests (RFC 7143 §13.1), as the kernel's iSCSI transport reports them in sysfs
# (libiscsi's connection attributes print 1 for CRC32C, 0 for None).
found=0
for c in /sys/class/iscsi_connection/*; do
  [ -e "$c/header_digest" ] || continue
  found=1
  hd=$(cat "$c/header_digest"); dd_=$(cat "$c/data_digest")
  echo "$(basename "$c"): HeaderDigest=$hd DataDigest=$dd_"
  case $hd in 1|CRC32C) ;; *) echo "header digest not negotiated: $hd"; exit 1;; esac
  case $dd_ in 1|CRC32C) ;; *) echo "data digest not negotiated: $dd_"; exit 1;; esac
done
[ "$found" = 1 ] || { echo "no iSCSI connection in sysfs"; exit 1; }
