/* zh_slip.c — proof that the Chinese formats are compiler-checked (tests/CMakeLists.txt: format_zh_*).
 *
 * TR (src/cli/cli.h) and RTR (src/report/report_internal.h) expand to a conditional of the two literals, so
 * -Wformat checks the Chinese format too. Compiled with -Werror=format this file must fail: the Chinese formats
 * below take %s where the argument is a double (a %g → %s slip). With -DREGIO_SLIP_OK (the control, which must
 * compile) both formats are right. Never linked into anything. */
#include <stdio.h>

#include "cli/cli.h"
#include "report/report_internal.h"

void zh_slip(cli *c, const regio_report *r, double v);

void zh_slip(cli *c, const regio_report *r, double v) {
#ifdef REGIO_SLIP_OK
    fprintf(stderr, TR(c, "值 %g\n", "value %g\n"), v);
    printf(RTR(r, "合计 %.1f\n", "total %.1f\n"), v);
#else
    fprintf(stderr, TR(c, "值 %s\n", "value %g\n"), v);
    printf(RTR(r, "合计 %s\n", "total %.1f\n"), v);
#endif
}
