"""annex_pages.py REPORT.pdf TITLE MAX — the annex (from the page whose text holds its title to the last page) takes at
most MAX printed pages (test_report.sh; text by pdftotext of poppler-utils). Prints the count; exits 1 when over."""
import re
import subprocess
import sys

pdf, title, most = sys.argv[1], re.sub(r"\s+", "", sys.argv[2]), int(sys.argv[3])
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
start = None
for p in range(2, pages + 1):  # page 1 holds the table of contents, which names the annex too
    text = subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"], capture_output=True, text=True, check=True).stdout
    if title in re.sub(r"\s+", "", text):
        start = p
        break
if start is None:
    print("annex_pages: no page holds", title)
    sys.exit(1)
n = pages - start + 1
print("annex_pages: %d of %d pages (from page %d)" % (n, pages, start))
sys.exit(0 if n <= most else 1)
