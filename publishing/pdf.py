"""PDF rendering of the minutes' HTML with WeasyPrint, never touching the network."""

import io
import mimetypes
import ssl
from hashlib import sha256
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pikepdf
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative and root-relative URLs in the HTML resolve against this origin; the
# fetcher serves it from the static files finders and refuses every other URL.
BASE_URL = "https://iag-portal.invalid/"

# The fetcher never opens a connection, so it needs no certificates: a bare context
# spares each render the tens of milliseconds of loading the system's CA bundle.
UNUSED_TLS_CONTEXT = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class StaticFilesFetcher(URLFetcher):
    """Serves the app's own static files to WeasyPrint and refuses everything else."""

    def __init__(self):
        super().__init__(
            allowed_protocols={"https"}, allow_redirects=False, ssl_context=UNUSED_TLS_CONTEXT
        )
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        path = self.static_path(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"Refused to fetch {url}: only the portal's static files are served.")
        mime_type, _encoding = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url,
            body=path.read_bytes(),
            headers={"Content-Type": mime_type or "application/octet-stream"},
        )

    @staticmethod
    def static_path(url: str) -> Path | None:
        parts = urlsplit(url)
        base = urlsplit(BASE_URL)
        static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return None
        if not parts.path.startswith(static_prefix):
            return None
        relative = unquote(parts.path.removeprefix(static_prefix))
        if not relative or ".." in Path(relative).parts:
            return None
        found = finders.find(relative)
        if found:
            return Path(found)
        # In production {% static %} names the collected, hashed copy.
        if staticfiles_storage.exists(relative):
            return Path(staticfiles_storage.path(relative))
        return None


# A PDF is a function of its HTML and stylesheet: the same minutes, unchanged, are not
# laid out again for every member who downloads them. The key is a digest of the whole
# HTML (the edition and every word printed) and of the stylesheet, so an edit, another
# edition or a changed stylesheet is a new key.
PDF_CACHE_SECONDS = 24 * 60 * 60
STYLESHEET = "publishing/minutes.css"  # the one stylesheet minutes_pdf.html links


def render_pdf(html: str) -> bytes:
    """The PDF of `html`; its metadata comes from the HTML's <title> and <meta> tags.

    The PDF is tagged (headings, paragraphs, tables and their header cells, the
    language), so a screen reader can read and navigate the minutes as it does the
    print view: published documents must be accessible too.
    """
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    return finish_tagging(document.write_pdf(pdf_tags=True))


def finish_tagging(data: bytes) -> bytes:
    """Complete what WeasyPrint's tagging leaves out (PDF/UA, WCAG 1.3.1).

    - Each table header cell gets its `/Scope`: a cell in a row of header cells
      heads the column below it; one beside data cells heads its row.
    - Page-margin content (the protective marking repeated at the top and bottom of
      every page, the running header, the page numbers) is written as marked content
      that no element of the structure tree claims: it becomes an `/Artifact`, which
      a screen reader skips, as it skips a letterhead, instead of untagged text.
    """
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None:
            return data
        claimed = set()
        scope_headers_and_collect(tree, None, claimed)
        for page in pdf.pages:
            mark_unclaimed_as_artifacts(pdf, page, claimed)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def kids_of(element):
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def scope_headers_and_collect(element, page, claimed):
    """Walk the structure tree: give TH cells a /Scope, note every claimed MCID."""
    page = element.get("/Pg", page)
    if element.get("/S") == "/TR":
        cells = [kid for kid in kids_of(element) if isinstance(kid, pikepdf.Dictionary)]
        header_row = all(cell.get("/S") == "/TH" for cell in cells)
        for cell in cells:
            if cell.get("/S") == "/TH":
                set_scope(cell, pikepdf.Name.Column if header_row else pikepdf.Name.Row)
    for kid in kids_of(element):
        if isinstance(kid, int):
            claimed.add((page.objgen, int(kid)))
        elif isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == "/MCR":
                claimed.add((kid.get("/Pg", page).objgen, int(kid.MCID)))
            elif kid.get("/Type") != "/OBJR":
                scope_headers_and_collect(kid, page, claimed)


def set_scope(cell, scope):
    attributes = cell.get("/A")
    if isinstance(attributes, pikepdf.Array):
        for owned in attributes:
            if isinstance(owned, pikepdf.Dictionary) and owned.get("/O") == "/Table":
                owned.Scope = scope
                return
        attributes.append(pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope))
    elif isinstance(attributes, pikepdf.Dictionary) and attributes.get("/O") == "/Table":
        attributes.Scope = scope
    else:
        cell.A = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope)


def mark_unclaimed_as_artifacts(pdf, page, claimed):
    changed = False
    instructions = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and len(operands) == 2:
            properties = operands[1]
            mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            if mcid is not None and (page.objgen, int(mcid)) not in claimed:
                operands = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
                changed = True
        instructions.append(pikepdf.ContentStreamInstruction(operands, operator))
    if changed:
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def cached_pdf(html: str) -> bytes:
    """`render_pdf(html)`, kept in the cache for repeat downloads of the same minutes."""
    digest = sha256(html.encode())
    digest.update(Path(finders.find(STYLESHEET)).read_bytes())
    key = f"publishing:pdf:{weasyprint.__version__}:{digest.hexdigest()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(html)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf
