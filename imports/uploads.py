"""Uploaded files, and zips of them, read into lines within the limits the server keeps.

A file over MAX_FILE_SIZE or MAX_LINES is refused before it is read any further: the
preview of one file stays well under the worker's timeout (issue 14), and a batch
of years of minutes comes as a zip of files of that size.
"""

import io
import zipfile
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

from imports.docx_reader import read_upload
from imports.parsing import NotMinutes

MAX_FILE_SIZE = 2 * 1024 * 1024
MAX_LINES = 5_000
MAX_FILES = 100  # Django's DATA_UPLOAD_MAX_NUMBER_FILES; a zip holds more
MAX_ZIP_FILES = 200
MAX_ZIP_SIZE = 60 * 1024 * 1024
TYPES = (".txt", ".docx", ".pdf")


def read_files(uploads) -> list[dict]:
    """[{"name", "lines"} or {"name", "error"}] for uploaded files, a zip's files in order."""
    read = []
    for upload in uploads:
        if PurePosixPath(upload.name).name.startswith("."):
            continue  # .DS_Store and the like, from a folder
        if upload.name.lower().endswith(".zip"):
            read += read_zip(upload.name, upload)
        else:
            read.append(read_one(upload.name, upload.size, upload.read))
    return read


def read_one(name: str, size: int, data) -> dict:
    if not name.lower().endswith(TYPES):
        return {"name": name, "error": _("is not a .txt, .docx, .pdf or .zip file.")}
    if size > MAX_FILE_SIZE:
        return {"name": name, "error": _("is larger than 2 MB.")}
    try:
        lines = read_upload(name, data())
    except NotMinutes as error:
        return {"name": name, "error": str(error)}
    if len(lines) > MAX_LINES:
        return {
            "name": name,
            "error": _(
                "has %(count)s lines: at most %(max)s lines can be imported from one file. "
                "Split it into one file per meeting."
            )
            % {"count": f"{len(lines):,}", "max": f"{MAX_LINES:,}"},
        }
    return {"name": name, "lines": lines}


def read_zip(name: str, upload) -> list[dict]:
    if upload.size > MAX_ZIP_SIZE:
        return [{"name": name, "error": _("is larger than 60 MB.")}]
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.read()))
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and not any(
                part.startswith((".", "__MACOSX")) for part in PurePosixPath(info.filename).parts
            )
        ]
    except (zipfile.BadZipFile, OSError):
        return [{"name": name, "error": _("is not a readable zip file.")}]
    if len(members) > MAX_ZIP_FILES:
        return [
            {
                "name": name,
                "error": _("holds %(count)d files: at most %(max)d at a time.")
                % {"count": len(members), "max": MAX_ZIP_FILES},
            }
        ]
    read = []
    for info in sorted(members, key=lambda info: info.filename):
        inner = f"{name}/{info.filename}"
        try:
            read.append(read_one(inner, info.file_size, lambda info=info: archive.read(info)))
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
            read.append({"name": inner, "error": _("could not be taken out of the zip.")})
    return read
