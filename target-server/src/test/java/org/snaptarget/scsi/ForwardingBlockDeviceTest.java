package org.snaptarget.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.snaptarget.metrics.IoMetrics;
import org.snaptarget.metrics.MeteredBlockDevice;

/**
 * Decorators must pass every property of the wrapped device through: a default method of
 * {@link BlockDevice} that {@link ForwardingBlockDevice} does not override silently answers with
 * the default instead of the device's value (READ CAPACITY(16) then reported no physical block
 * exponent for store LUs behind the metering decorator).
 */
class ForwardingBlockDeviceTest {

    @Test
    void everyDefaultMethodOfBlockDeviceIsForwarded() throws NoSuchMethodException {
        List<String> missing = new ArrayList<>();
        for (Method m : BlockDevice.class.getMethods()) {
            if (m.isDefault()) {
                Method impl = ForwardingBlockDevice.class.getMethod(m.getName(), m.getParameterTypes());
                if (impl.getDeclaringClass() != ForwardingBlockDevice.class) {
                    missing.add(m.getName());
                }
            }
        }
        assertTrue(missing.isEmpty(), "not forwarded: " + missing);
    }

    @Test
    void theMeteringDecoratorReportsTheWrappedPhysicalBlockExponent() {
        BlockDevice device = new MemoryBlockDevice(64) {
            @Override
            public int physicalBlockExponent() {
                return 3;
            }
        };
        assertEquals(3, new MeteredBlockDevice(device, new IoMetrics()).physicalBlockExponent());
    }
}
