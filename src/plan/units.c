/* units.c — the units of Chinese statistics as a reader of the other language writes them. The plan files
 * state each indicator's unit once, as the statistical bureaus print it (亿元, 万人, 元/人, %); an English report
 * must not print 亿元, so every writer (report, CLI, findings) asks here for the unit in its language. A unit
 * not in the list is returned as written: the list is a translation aid, never a gate. */
#include <string.h>

#include "regio/plan.h"

static const char *const UNITS[][2] = {
    {"亿元", "100 million yuan"}, {"万元", "10,000 yuan"}, {"元", "yuan"}, {"元/人", "yuan per person"},
    {"万人", "10,000 persons"}, {"人", "persons"}, {"人/户", "persons per household"}, {"女=100", "males per 100 females"},
    {"倍", "times"}, {"百分点", "percentage points"}, {"年", "years"}, {"岁", "years"}, {"张", "beds"},
    {"张/千人", "beds per 1,000 persons"}, {"个", "units"}, {"m²/人", "m² per person"}, {"平方公里", "km²"},
    {"公里", "km"}, {"万吨", "10,000 tonnes"}, {"吨", "tonnes"},
};

const char *regio_unit_label(const char *unit, regio_lang lang) {
    if (!unit) return "";
    if (lang != REGIO_LANG_EN) return unit;
    for (size_t i = 0; i < sizeof UNITS / sizeof UNITS[0]; i++)
        if (strcmp(unit, UNITS[i][0]) == 0) return UNITS[i][1];
    return unit;
}
