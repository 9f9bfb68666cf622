#!/usr/bin/env python3
"""check_formats.py — every bilingual message pair must take the same printf conversions in the same order.

regio_error_set(err, code, ZH, EN, args...) and regio_import_problem_add(..., ZH, EN, args...) format both
messages from one argument list, and the compiler checks only the English format. This script finds every
pair of adjacent string literals given to those calls (and to cli_usage_error and TR-free calls of the same
shape) and compares their conversion sequences. Run by the test suite; exits 1 and names each mismatch."""
import re, sys, pathlib

CALLS = ("regio_error_set(", "regio_import_problem_add(", "cli_usage_error(", "regio_error_set_fmt(", "regio__serve_failf(")
LIT = r'"(?:[^"\\]|\\.)*"'
CONV = re.compile(r'%(?:%|[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcspn])')

def convs(lit):
    return [c for c in CONV.findall(lit) if c != '%%']

def alternatives(arg):
    """Conversion lists of an argument: one per branch of a ?: choice; adjacent literals concatenate."""
    outside = re.sub(LIT, '""', arg)
    lits = re.findall(LIT, arg)
    if '?' in outside:
        return [convs(l) for l in lits]
    return [convs(''.join(lits))]

def literal_args(text):
    """Yields (zh, en) literal pairs: two string literals (each possibly a ?: choice) in sequence."""
    # the formats are the first two string-literal arguments; collect literal runs separated by commas
    parts, depth, cur = [], 0, ''
    for ch in text:
        if ch == '(':
            depth += 1
        elif ch == ')':
            if depth == 0:
                break
            depth -= 1
        if ch == ',' and depth == 0:
            parts.append(cur); cur = ''
        else:
            cur += ch
    parts.append(cur)
    # the Chinese format is the first argument with a literal holding a CJK character; English follows it
    for k in range(len(parts) - 1):
        if re.search(LIT, parts[k]) and re.search(r'[\u4e00-\u9fff]', parts[k]) and re.search(LIT, parts[k + 1]):
            return [parts[k], parts[k + 1]]
    return []

def main(root):
    bad = 0
    for path in sorted(pathlib.Path(root, 'src').rglob('*.c')):
        src = path.read_text(encoding='utf-8')
        for call in CALLS:
            start = 0
            while (i := src.find(call, start)) >= 0:
                start = i + len(call)
                body = src[start:start + 4000]
                args = literal_args(body)
                if len(args) < 2:
                    continue
                zh_alts, en_alts = alternatives(args[0]), alternatives(args[1])
                if len(zh_alts) == 0 or len(en_alts) == 0:
                    continue
                # a ?: choice gives several alternatives; compare pairwise in order
                for k in range(max(len(zh_alts), len(en_alts))):
                    z = zh_alts[min(k, len(zh_alts) - 1)]
                    e = en_alts[min(k, len(en_alts) - 1)]
                    if z != e:
                        line = src.count('\n', 0, i) + 1
                        print(f'{path}:{line}: {call[:-1]}: zh {z} != en {e}')
                        bad += 1
    print('format pairs: %d mismatches' % bad)
    return 1 if bad else 0

if __name__ == '__main__':
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else '.'))
