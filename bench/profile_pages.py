#!/usr/bin/env python
"""The pages of bench/pages_bench.py, in process: time, queries and a profile of each.

    .venv/bin/python bench/profile_pages.py                 # median ms and queries
    .venv/bin/python bench/profile_pages.py --profile print # cProfile of one page

The same settings as the bench (DEBUG off, the demo in a temporary SQLite database or
DATABASE_URL), requests through the WSGI application itself (every middleware), so
what it shows is what a gunicorn worker does for the request, less the socket.
"""

import argparse
import cProfile
import io
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--profile", default="", help="a page whose name holds this word")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=45)
    parser.add_argument("--callees", default="", help="what this function calls, profiled")
    parser.add_argument("--exec", default="", help="run this Python file after the setup")
    parser.add_argument("--queries", action="store_true", help="print each page's queries")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="iag-profile-"))
    from pages_bench import bench_env, prepare

    env = bench_env(tmp)

    setup = prepare(env)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from iag_portal.wsgi import application

    csrf = secrets.token_hex(16)
    counter = {"n": 0}

    def request(path, who, post=None):
        environ = {
            "REQUEST_METHOD": "POST" if post else "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(post or b""),
            "wsgi.errors": sys.stderr,
        }
        if who:
            environ["HTTP_COOKIE"] = f"sessionid={setup['sessions'][who]}; csrftoken={csrf}"
        if post:
            environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
            environ["CONTENT_LENGTH"] = str(len(post))
            environ["HTTP_X_CSRFTOKEN"] = csrf
        status = []
        body = b"".join(application(environ, lambda s, h, *a: status.append(s)))
        return status[0], body

    versions = dict(setup["points"])

    def autosave():
        counter["n"] += 1
        pk = setup["points"][counter["n"] % len(setup["points"])][0]
        post = (
            f"kind=discussion&speakers_text=&version={versions[pk]}"
            f"&text=Autosave+profile+{counter['n']}"
        ).encode()
        status, body = request(f"{setup['autosave_prefix']}{pk}/", "officer", post)
        import json

        versions[pk] = json.loads(body)["version"]
        return status, body

    if args.exec:
        exec(Path(args.exec).read_text(), {"setup": setup, "request": request})
        return
    print(f"| page | status | CPU ms (median of {args.repeat}) | KB | queries |")
    print("|---|---|---:|---:|---:|")
    for name, path, who in setup["pages"]:
        call = autosave if path is None else (lambda p=path, w=who: request(p, w))
        call()  # warm: caches filled, templates loaded
        times = []
        for _ in range(args.repeat):
            start = time.process_time()
            call()
            times.append((time.process_time() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            status, body = call()
        print(
            f"| {name} | {status} | {statistics.median(times):.2f} | {len(body) / 1024:.1f} "
            f"| {len(queries)} |"
        )
        if args.queries or (args.profile and args.profile in name):
            for query in queries.captured_queries:
                print("   ", query["sql"][:200])
        if args.profile and args.profile in name:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                call()
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats(args.sort)
            if args.callees:
                stats.print_callees(args.callees)
            else:
                stats.print_stats(args.lines)
            print(out.getvalue())


if __name__ == "__main__":
    main()
