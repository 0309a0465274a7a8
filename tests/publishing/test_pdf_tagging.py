"""The PDF's structure tree is complete: header cells scoped, page furniture an artifact."""

import io

import pikepdf
from django.urls import reverse

from publishing.pdf import render_pdf


def members_pdf(role_client, meeting):
    response = role_client("member").get(reverse("publishing:members_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    return pikepdf.open(io.BytesIO(response.content))


def elements(element):
    kids = element.get("/K")
    for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]) if kids else []:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
            yield kid
            yield from elements(kid)


def scopes(pdf):
    return [
        str(cell.A.Scope) for cell in elements(pdf.Root.StructTreeRoot) if cell.get("/S") == "/TH"
    ]


def marked_content(pdf):
    """(tag, text) of each marked-content sequence on every page, in order."""
    found = []
    for page in pdf.pages:
        tag, text = None, []
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC":
                tag, text = str(operands[0]), []
            elif str(operator) in ("Tj", "TJ") and tag:
                text.append(str(operands))
            elif str(operator) == "EMC" and tag:
                found.append((tag, "".join(text)))
                tag = None
    return found


def test_every_header_cell_of_the_minutes_says_what_it_heads(role_client, meeting):
    pdf = members_pdf(role_client, meeting)
    found = scopes(pdf)
    # Attendance (Init, Position and Area; the Apologies row heads the rows below it).
    assert found[:3] == ["/Column", "/Column", "/Column"]
    assert set(found) <= {"/Column", "/Row"}


def test_a_header_beside_data_cells_heads_its_row():
    pdf = pikepdf.open(
        io.BytesIO(
            render_pdf(
                '<html lang="en"><title>T</title><table><thead><tr><th>Name</th><th>Role</th>'
                "</tr></thead><tbody><tr><th>AK</th><td>Chair</td></tr></tbody></table></html>"
            )
        )
    )
    assert scopes(pdf) == ["/Column", "/Column", "/Row"]


def test_the_running_marking_and_page_numbers_are_artifacts_and_nothing_else_is(
    role_client, meeting
):
    pdf = members_pdf(role_client, meeting)
    content = marked_content(pdf)
    artifacts = [text for tag, text in content if tag == "/Artifact"]
    # Top-left body name, top-centre and bottom-centre marking, date, page number.
    assert len(artifacts) >= 3 * len(pdf.pages)
    # Every other marked sequence belongs to an element of the structure tree.
    claimed = set()
    for element in elements(pdf.Root.StructTreeRoot):
        for kid in element.get("/K") if isinstance(element.get("/K"), pikepdf.Array) else []:
            if isinstance(kid, int):
                claimed.add(int(kid))
    mcids = [
        int(operands[1].MCID)
        for page in pdf.pages
        for operands, operator in pikepdf.parse_content_stream(page)
        if str(operator) == "BDC"
        and isinstance(operands[1], pikepdf.Dictionary)
        and "/MCID" in operands[1]
    ]
    assert mcids and set(mcids) <= claimed
    # The marking is still read once, in the body, where the document begins.
    assert any(tag != "/Artifact" for tag, _text in content)
