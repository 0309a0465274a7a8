"""One of the processes of test_two_processes.py: a separate Python process (as a
second gunicorn worker or machine would be) that downloads agreed minutes from the
shared database and cache when the test says "go", and prints what it did as JSON.

It talks with the test on its standard streams, so that nothing waits on the clock:
it prints "ready" once set up and waits for a line; it asks for the PDF; while the
minutes are being prepared it prints "waiting" and asks again when the test sends
the next line (once the other process's request, which renders them, has ended).

    python tests/publishing/render_race.py USERNAME URL
"""

import hashlib
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iag_portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from publishing import pdf, word  # noqa: E402

renders = []
real_pdf, real_docx = pdf.render_pdf, word.render_docx
pdf.render_pdf = lambda html: renders.append("pdf") or real_pdf(html)
word.render_docx = lambda minutes: renders.append("docx") or real_docx(minutes)

username, url = sys.argv[1], sys.argv[2]
client = Client()
client.force_login(get_user_model().objects.get(username=username))
print("ready", flush=True)
sys.stdin.readline()  # "go": both processes ask at once
waited, content = 0, b""
for _attempt in range(20):  # bounded
    response = client.get(url)
    if response["Content-Type"] == "application/pdf":
        content = response.getvalue()
        break
    waited += 1
    print("waiting", flush=True)
    if not sys.stdin.readline():  # the test has gone
        break
print(
    json.dumps(
        {"renders": renders, "waited": waited, "sha256": hashlib.sha256(content).hexdigest()}
    )
)
