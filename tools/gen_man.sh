#!/usr/bin/env bash
# gen_man.sh REGIO_BINARY VERSION OUT — writes the regio(1) man page from the program's own help: the command list
# of `regio --help` and the option table of every `regio COMMAND --help` (the tables cli_parse prints), so the page
# cannot drift from the program. English; the program's help is bilingual (--lang zh).
set -euo pipefail
BIN=$1 VERSION=$2 OUT=$3
export REGIO_LANG=en LC_ALL=C.UTF-8
# roff: a leading dot or quote would be a request; backslashes and hyphens are escaped
esc() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
{
  printf '.TH REGIO 1 "" "regio %s" "User Commands"\n' "$VERSION"
  printf '.SH NAME\nregio \\- regional coordinated development monitoring and evaluation\n'
  printf '.SH SYNOPSIS\n.B regio\n.I COMMAND\n[\\fIoptions\\fR]\n'
  printf '.SH DESCRIPTION\n'
  printf 'regio holds a regional development plan (regions, overlapping blocks, indicators, quantified targets) and '
  printf 'every observation with its source; imports statistical tables all-or-nothing; tracks the targets; measures '
  printf 'regional disparity, convergence and spatial clustering; runs the classified composite evaluation; writes '
  printf 'the assessment report and serves a dashboard. Every command takes \\fB\\-\\-help\\fR.\n'
  printf '.SH COMMANDS\n'
  "$BIN" --help | sed -n '/^commands:/,/^$/p' | sed '1d;/^$/d' | while read -r cmd desc; do
    printf '.SS %s\n' "$(printf '%s' "$cmd" | esc)"
    printf '%s\n' "$desc" | esc
    help=$("$BIN" "$cmd" --help 2>/dev/null || true)
    usage=$(printf '%s\n' "$help" | sed -n 's/^usage: //p' | head -1)
    [ -n "$usage" ] && printf '.PP\n.B %s\n' "$(printf '%s' "$usage" | esc)"
    printf '%s\n' "$help" | sed -n '/^options:/,$p' | sed '1d' | while IFS= read -r line; do
      [ -z "$line" ] && continue
      # cli.c prints "  %-26s %s": option and argument in columns 3-28, the text from column 30; a line with
      # more indent continues the text above
      case $line in "     "*) printf '%s\n' "$(printf '%s' "$line" | sed -E 's/^ +//' | esc)"; continue ;; esac
      opt=$(printf '%s' "${line:2:26}" | sed -E 's/ +$//')
      text=${line:29}
      printf '.TP\n.B %s\n%s\n' "$(printf '%s' "$opt" | esc)" "$(printf '%s' "$text" | esc)"
    done
  done
  printf '.SH ENVIRONMENT\n.TP\n.B REGIO_DB\nthe database when \\fB\\-\\-db\\fR is not given (default regio.db)\n'
  printf '.TP\n.B REGIO_LANG\nzh or en (else from LC_ALL, LC_MESSAGES, LANG)\n'
  printf '.SH EXIT STATUS\n0 success; 1 the input was wrong (with a message naming file, line and field); 2 internal error.\n'
  printf '.SH FILES\n.TP\n.I share/regio/plans/yunnan\nthe shipped plan directory (regio init \\-\\-plan DIR)\n'
  printf '.TP\n.I share/regio/web\nthe dashboard served by regio serve\n'
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
