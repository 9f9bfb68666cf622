/* needs_json.h — the JSON form of the data still to find (regio_needs_build, needs.h), one definition for
 * `regio needs --format json` and GET /api/v1/needs, so both give the same keys:
 * {year, as_of, targets, monitored, items: [{code, name, type, needs, note, cells: [{region, region_name,
 *  indicator, indicator_name, unit, year, where_found}]}]}. Names and sentences in lang. */
#ifndef REGIO_NEEDS_JSON_H
#define REGIO_NEEDS_JSON_H

#include <jansson.h>

#include "regio/export.h"
#include "regio/needs.h"

#ifdef __cplusplus
extern "C" {
#endif

/* NULL on out-of-memory. */
REGIO_API json_t *regio_needs_json(const regio_plan *plan, const regio_needs *n, regio_lang lang);

#ifdef __cplusplus
}
#endif
#endif
