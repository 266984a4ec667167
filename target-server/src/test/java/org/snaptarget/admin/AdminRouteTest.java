package org.snaptarget.admin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Parsing method + path into {@link AdminRoute}s, including every refusal. */
class AdminRouteTest {

    @Test
    void everyRouteParsesToItsRecord() {
        assertEquals(new AdminRoute.CreateSnapshot("vm1"), AdminRoute.parse("POST", "/v1/pools/vm1/snapshots"));
        assertEquals(new AdminRoute.ListSnapshots("vm1"), AdminRoute.parse("GET", "/v1/pools/vm1/snapshots"));
        assertEquals(new AdminRoute.DeleteSnapshot("vm1", "s-1"), AdminRoute.parse("DELETE", "/v1/pools/vm1/snapshots/s-1"));
        assertEquals(new AdminRoute.AddLun("iqn.2026-11.x:y"), AdminRoute.parse("POST", "/v1/targets/iqn.2026-11.x:y/luns"));
        assertEquals(new AdminRoute.RemoveLun("iqn.2026-11.x:y", 12),
                AdminRoute.parse("DELETE", "/v1/targets/iqn.2026-11.x:y/luns/12"));
        assertEquals(new AdminRoute.Status(), AdminRoute.parse("GET", "/v1/status"));
        assertEquals(new AdminRoute.Metrics(), AdminRoute.parse("GET", "/metrics"));
    }

    @Test
    void segmentsArePercentDecodedAndPlusStaysAPlus() {
        assertEquals(new AdminRoute.AddLun("iqn.2026-11.x:a+b c"),
                AdminRoute.parse("POST", "/v1/targets/iqn.2026-11.x%3Aa+b%20c/luns"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "GET    | /                                   | 404 | ",
            "GET    | /v1                                 | 404 | ",
            "GET    | /v2/status                          | 404 | ",
            "GET    | /v1/pools/vm1                       | 404 | ",
            "GET    | /v1/pools/vm1/snapshots/a/b         | 404 | ",
            "GET    | /v1/status/                         | 400 | ",
            "GET    | /v1//status                         | 400 | ",
            "GET    | /v1/pools/%zz/snapshots             | 400 | ",
            "GET    | /v1/pools/a%2Fb/snapshots           | 400 | ",
            "GET    | /v1/pools/a%0Ab/snapshots           | 400 | ",
            "DELETE | /v1/targets/t/luns/-1               | 400 | ",
            "DELETE | /v1/targets/t/luns/123456           | 400 | ",
            "PUT    | /v1/pools/vm1/snapshots             | 405 | GET, POST",
            "GET    | /v1/pools/vm1/snapshots/a           | 405 | DELETE",
            "GET    | /v1/targets/t/luns                  | 405 | POST",
            "POST   | /v1/targets/t/luns/1                | 405 | DELETE",
            "POST   | /v1/status                          | 405 | GET",
            "POST   | /metrics                            | 405 | GET",
    })
    void refusals(String method, String path, int status, String allow) {
        AdminRoute route = AdminRoute.parse(method, path);
        AdminRoute.Refused refused = (AdminRoute.Refused) route;
        assertEquals(status, refused.status(), refused.message());
        assertEquals(allow, refused.allow());
    }
}
