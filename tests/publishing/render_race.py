"""One of the processes of test_two_processes.py: a separate Python process (as a
second gunicorn worker or machine would be) that downloads agreed minutes from the
shared database and cache at an agreed moment, waiting while another process
renders them, and prints what it did as JSON.

    python tests/publishing/render_race.py USERNAME URL START_AT
"""

import hashlib
import json
import os
import sys
import time
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

username, url, start_at = sys.argv[1], sys.argv[2], float(sys.argv[3])
client = Client()
client.force_login(get_user_model().objects.get(username=username))
time.sleep(max(0.0, start_at - time.time()))
waited, content = 0, b""
for _attempt in range(240):  # bounded: two minutes at most
    response = client.get(url)
    if response["Content-Type"] == "application/pdf":
        content = response.getvalue()
        break
    waited += 1
    time.sleep(0.5)
print(
    json.dumps(
        {"renders": renders, "waited": waited, "sha256": hashlib.sha256(content).hexdigest()}
    )
)
