"""Read a text PDF into lines with poppler's pdftotext (poppler-utils, a system package).

Page breaks come out as form feeds; the parser takes out page numbers and running
headers (parsing/cleaning.py). A scanned PDF that is only images has no text to
read: it is refused with that reason, since the portal does no OCR.
"""

import shutil
import subprocess

from imports.parsing import NotMinutes

PDFTOTEXT = "pdftotext"
TIMEOUT_SECONDS = 20


def read_pdf(data: bytes) -> list[str]:
    if not data.strip():
        raise NotMinutes("The file is empty.")
    if not data.lstrip().startswith(b"%PDF"):
        raise NotMinutes("This is not a readable PDF.")
    executable = shutil.which(PDFTOTEXT)
    if executable is None:
        raise NotMinutes(
            "PDFs cannot be read on this server (poppler-utils is not installed): "
            "upload the minutes as .docx or .txt."
        )
    try:
        done = subprocess.run(  # noqa: S603 (a fixed argv, no shell; the PDF goes to stdin)
            [executable, "-enc", "UTF-8", "-eol", "unix", "-", "-"],
            input=data,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise NotMinutes("This PDF took too long to read: save it as .docx or .txt.") from error
    if done.returncode != 0:
        raise NotMinutes("This is not a readable PDF (it may be damaged or password-protected).")
    text = done.stdout.decode("utf-8", errors="replace").replace("\x00", "")
    if not text.replace("\f", "").strip():
        raise NotMinutes(
            "This PDF has no text in it: it is a scanned image. The portal does not read "
            "images (no OCR): run it through OCR first, or upload the minutes as .docx or .txt."
        )
    # A form feed starts each page: keep it as a line of its own, so that the page
    # break is seen (and line numbers match what the officer is shown).
    return text.replace("\f", "\n\f\n").splitlines()
