# Kernel-initiator scenario (../shared/tools/linux-initiator/run ... discard.sh): UNMAP/WRITE SAME as
# Linux uses them. Passed against FileBlockDevice LUN 0 (256 MiB) in 19 s.
# Discard: the kernel's view of thin provisioning, then blkdiscard and fstrim reading back zeros.
dev=${DEV#/dev/}
echo "discard_granularity=$(cat /sys/block/$dev/queue/discard_granularity) discard_max_bytes=$(cat /sys/block/$dev/queue/discard_max_bytes) zeroes=$(cat /sys/block/$dev/queue/discard_zeroes_data 2>/dev/null) provisioning=$(cat /sys/block/$dev/device/scsi_disk/*/provisioning_mode)"
[ "$(cat /sys/block/$dev/queue/discard_max_bytes)" -gt 0 ] || { echo "kernel sees no discard support"; exit 1; }
dd if=/dev/urandom of=$DEV bs=1M count=8 oflag=direct 2>/dev/null
blkdiscard -o 1048576 -l 4194304 $DEV || { echo "blkdiscard failed"; exit 1; }
echo 3 >/proc/sys/vm/drop_caches
z=$(dd if=$DEV bs=1M skip=1 count=4 iflag=direct 2>/dev/null | tr -d '\000' | wc -c)
[ "$z" = 0 ] || { echo "discarded range did not read back as zeros ($z non-zero bytes)"; exit 1; }
nz=$(dd if=$DEV bs=1M skip=5 count=1 iflag=direct 2>/dev/null | tr -d '\000' | wc -c)
[ "$nz" -gt 0 ] || { echo "data outside the discarded range was lost"; exit 1; }
echo "blkdiscard: 4 MiB read back as zeros, neighbours intact"
mkfs.ext4 -q -F $DEV
mount -t ext4 -o discard $DEV /mnt
dd if=/dev/urandom of=/mnt/big bs=1M count=16 2>/dev/null
sync
rm /mnt/big
sync
fstrim -v /mnt || { echo "fstrim failed"; exit 1; }
umount /mnt
e2fsck -fn $DEV >/tmp/fsck.log 2>&1 || { cat /tmp/fsck.log; echo "fsck found problems"; exit 1; }
echo "ext4 with discard + fstrim: fsck clean"
