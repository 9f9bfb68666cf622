"""summary_page.py REPORT.html REPORT.pdf — the summary (总体评价) fits the first printed page (test_report.sh).

The PDF is the HTML printed to A4 by headless Chromium. The summary ends on page 1 when the last line of the
summary (its last recommendation, taken from the HTML) is in the text of page 1, and page 2 begins with the
title of the second section (each section starts a new page). Text is read back with pdftotext (poppler-utils);
whitespace is ignored because pdftotext breaks lines where the printed page does. Exits 1 with what is wrong."""
import html
import re
import subprocess
import sys

src = open(sys.argv[1], encoding="utf-8").read()
summ = re.search(r'<section id="summary">(.*?)</section>', src, re.S).group(1)
last = html.unescape(re.sub(r"<[^>]+>", "", re.findall(r"<li>(.*?)</li>", summ, re.S)[-1]))
titles = re.findall(r'<section id="[a-z_]+"><h2>(.*?)</h2>', src)
second = html.unescape(re.sub(r"<[^>]+>", "", titles[1]))


def page(n):
    out = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), sys.argv[2], "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


bad = []
squash = lambda s: re.sub(r"\s+", "", s)
if squash(last) not in page(1):
    bad.append("the summary's last line is not on page 1: " + last)
p2 = page(2)
if squash(second) not in p2[:400]:
    bad.append("page 2 does not begin with the second section (%s): %s" % (second, p2[:120]))
for b in bad:
    print("summary_page:", b)
sys.exit(1 if bad else 0)
