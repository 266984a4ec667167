# Short verified I/O: 4 MiB of random data written with O_DIRECT at an offset of 8 MiB, caches
# dropped, read back with O_DIRECT and compared.
dd if=/dev/urandom of=/tmp/pattern bs=1M count=4 2>/dev/null
want=$(sha256sum </tmp/pattern | cut -d' ' -f1)
dd if=/tmp/pattern of=$DEV bs=1M seek=8 count=4 oflag=direct 2>/dev/null
echo 3 >/proc/sys/vm/drop_caches
got=$(dd if=$DEV bs=1M skip=8 count=4 iflag=direct 2>/dev/null | sha256sum | cut -d' ' -f1)
[ "$want" = "$got" ] || { echo "direct I/O readback mismatch"; exit 1; }
echo "direct I/O: 4 MiB verified"
