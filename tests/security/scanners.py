"""The two outside scanners of `make security`, bounded in time, against the live portal:

- wapiti, signed in as each role of the cast (its session cookie in wapiti's cookie file),
  crawling from the home page with its injection modules (sql, xss, permanentxss, exec, file,
  redirect, crlf). Not crawled: /accounts/ (signing out would end the session; allauth's pages
  are tested in tests/workwell/) and /admin/ (Django's own). The ssrf and xxe modules need
  wapiti's servers on the internet, blindsql is time-based (sqlmap covers SQL below).
  Bounds: WAPITI_SCAN_TIME seconds of crawling, WAPITI_ATTACK_TIME per module, every role at
  once (the crawl reaches what it reaches in that time; the report lists what it attacked).
- sqlmap, as an admin (who sees every list), against every list page: each parameter of its
  filter form (the FilterSets' fields: every FilterSet's filters must turn up on some page),
  and its sort and paging links. Level 1, risk 1, PostgreSQL payloads, boolean, error and
  UNION techniques; --smart runs the full tests only where sqlmap's heuristic sees a sign of
  injection (a DBMS error, a changed page), which keeps a hundred parameters to a minute.
  SQLMAP_JOBS pages at once, each cut off after SQLMAP_PAGE_TIME seconds.

Fails (exit 1) on any vulnerability wapiti reports, any parameter sqlmap finds injectable, a
FilterSet filter that no page shows, or a scanner that did not finish; prints each finding.

    DJANGO_SETTINGS_MODULE=tests.security.settings python -m tests.security.scanners \\
        http://127.0.0.1:8106 .tmp/security/targets.json .tmp/security
"""

import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import django

django.setup()

from django.urls import get_resolver, resolve  # noqa: E402

from tests.security.http import Http  # noqa: E402
from workwell.filters import FilterSet  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
WAPITI_SCAN_TIME = int(os.environ.get("WAPITI_SCAN_TIME", "25"))
WAPITI_ATTACK_TIME = int(os.environ.get("WAPITI_ATTACK_TIME", "5"))
WAPITI_MODULES = "sql,xss,permanentxss,exec,file,redirect,crlf"
SQLMAP_JOBS = int(os.environ.get("SQLMAP_JOBS", "4"))
SQLMAP_PAGE_TIME = int(os.environ.get("SQLMAP_PAGE_TIME", "120"))

GET_FORM = re.compile(r'<form method="get"[^>]*>(.*?)</form>', re.S)
FIELD = re.compile(r'<(input|select|textarea)\b[^>]*\bname="([^"]+)"[^>]*>(.*?</select>)?', re.S)
OPTION = re.compile(r'<option value="([^"]+)"')
VALUE = re.compile(r'\bvalue="([^"]*)"')
QUERY_LINK = re.compile(r'href="\?([^"#]+)"')
# Not parameters of the list: which file format to download, and the CSRF token.
NOT_SCANNED = {"_export", "csrfmiddlewaretoken"}


def log(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


# --- wapiti ------------------------------------------------------------------------------


def wapiti(base: str, role: str, session: tuple[str, str], out: Path) -> list[str]:
    """Crawl and attack as `role`; its findings, one line each."""
    host = urlsplit(base).hostname
    name, value = session
    cookies = out / f"{role}.cookies.json"
    cookie = {"value": value, "version": 0, "expires": None, "secure": False, "port": None}
    cookies.write_text(json.dumps({host: {"/": {name: cookie}}}))
    report = out / f"{role}.json"
    report.unlink(missing_ok=True)
    command = [
        "/usr/bin/python3",
        "-P",  # this folder's http.py must not hide the standard library's
        str(Path(__file__).with_name("wapiti.py")),
        *("-u", f"{base}/", "--scope", "folder", "-c", str(cookies)),
        *("-x", f"{base}/accounts/*", "-x", f"{base}/admin/*"),
        *("-m", WAPITI_MODULES, "--flush-session", "--store-session", str(out / role)),
        *("--max-scan-time", str(WAPITI_SCAN_TIME), "--max-attack-time", str(WAPITI_ATTACK_TIME)),
        *("-t", "20", "-f", "json", "-o", str(report), "-v", "1"),
    ]
    # Crawl, then each module for at most the attack time; the rest is start-up and slack.
    limit = WAPITI_SCAN_TIME + WAPITI_ATTACK_TIME * len(WAPITI_MODULES.split(",")) + 60
    with open(out / f"{role}.log", "w") as output:
        try:
            subprocess.run(command, stdout=output, stderr=subprocess.STDOUT, timeout=limit)
        except subprocess.TimeoutExpired:
            return [f"wapiti as {role}: did not finish in {limit}s (see {out / role}.log)"]
    if not report.exists():
        return [f"wapiti as {role}: wrote no report (see {out / role}.log)"]
    found = json.loads(report.read_text())
    attacked = len(re.findall(r"^\[\+\] ", (out / f"{role}.log").read_text(), re.M))
    log(f"wapiti as {role}: {attacked} URLs crawled")
    return [
        f"wapiti as {role}: {kind}: {entry.get('method')} {entry.get('path')} "
        f"parameter {entry.get('parameter')!r}: {entry.get('info')}"
        for kind, entries in found.get("vulnerabilities", {}).items()
        for entry in entries
    ]


# --- sqlmap ------------------------------------------------------------------------------


def page_parameters(html: str) -> dict[str, str]:
    """The parameters a list page sends: its GET forms' fields (with a real value: a select's
    first option, a field's own value) and the query strings of its sort and page links."""
    parameters = {}
    for form in GET_FORM.findall(html):
        for tag, name, options in FIELD.findall(form):
            values = OPTION.findall(options) if tag == "select" else VALUE.findall(form)
            parameters.setdefault(unescape(name), unescape(values[0]) if values else "1")
    for query in QUERY_LINK.findall(html):
        for name, value in parse_qsl(unescape(query)):
            parameters.setdefault(name, value)
    return {name: value for name, value in parameters.items() if name not in NOT_SCANNED}


def list_pages(admin: Http, candidates: list[str]) -> dict[str, dict[str, str]]:
    """{path: parameters} for each page (as an admin sees it) that has a filter form."""
    pages, routes = {}, set()
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(admin.get, candidates))
    for path, answer in zip(candidates, answers, strict=True):
        route = resolve(path).route  # one page per view: another vanguard's is the same code
        if answer.status == 200 and GET_FORM.search(answer.body) and route not in routes:
            routes.add(route)
            pages[path] = page_parameters(answer.body)
    return pages


def filterset_fields() -> dict[str, set[str]]:
    """Each FilterSet of the portal (imported with the URLconf's views) and its fields."""
    get_resolver().url_patterns  # noqa: B018 (imports every view, and so every FilterSet)
    found, todo = {}, [FilterSet]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls is not FilterSet and cls.base_filters:
            found[f"{cls.__module__}.{cls.__name__}"] = set(cls.base_filters)
    return found


def unscanned_filters(pages: dict[str, dict[str, str]]) -> list[str]:
    """FilterSet fields that no list page sends (a date's fields are sent as name_0, _1, _2)."""
    sent = {re.sub(r"_\d$", "", name) for parameters in pages.values() for name in parameters}
    sent |= {name for parameters in pages.values() for name in parameters}
    filtersets = filterset_fields()
    log(f"sqlmap: {len(filtersets)} FilterSets, {sum(map(len, filtersets.values()))} filters")
    return [
        f"sqlmap: {filterset}.{field} is on no list page, so it was not scanned"
        for filterset, fields in sorted(filtersets.items())
        for field in sorted(fields - sent)
    ]


def sqlmap(base: str, path: str, parameters: dict, cookie: str, out: Path) -> list[str]:
    """Every parameter of one page; its findings, one line each."""
    folder = out / (path.strip("/").replace("/", "_") or "home")
    url = f"{base}{path}?{urlencode(parameters)}"
    command = [
        "sqlmap",
        *("-u", url, "-p", ",".join(parameters), "--cookie", cookie),
        *("--batch", "--smart", "--level", "1", "--risk", "1", "--dbms", "PostgreSQL"),
        *("--technique", "BEU", "--timeout", "10", "--retries", "1", "--threads", "2"),
        *("--skip-waf", "--keep-alive"),
        *("--output-dir", str(folder), "--flush-session", "--disable-coloring"),
    ]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=SQLMAP_PAGE_TIME, check=False
        )
    except subprocess.TimeoutExpired:
        return [f"sqlmap {path}: did not finish in {SQLMAP_PAGE_TIME}s"]
    (out / f"{folder.name}.log").write_text(result.stdout + result.stderr)
    injectable = re.findall(r"^Parameter: (.+)$", result.stdout, re.M)
    if "identified the following injection point" in result.stdout or injectable:
        return [f"sqlmap {path}: injectable: {name}" for name in injectable or ["(see log)"]]
    if "all tested parameters do not appear to be injectable" not in result.stdout:
        return [f"sqlmap {path}: did not finish its tests (see {out / folder.name}.log)"]
    return []


def main(base: str, targets_file: str, out_dir: str) -> int:
    targets = json.loads(Path(targets_file).read_text())
    out = Path(out_dir)
    (out / "wapiti").mkdir(parents=True, exist_ok=True)
    (out / "sqlmap").mkdir(parents=True, exist_ok=True)
    cookie_name, sessions = targets["session_cookie"], targets["sessions"]
    admin = Http(base, {cookie_name: sessions["admin_user"]})
    started = time.monotonic()

    candidates = sorted(
        {url for url in targets["matrix"] if "?" not in url}
        | {url for url in targets["other_records"] if url.count("/") <= 5}
    )
    pages = list_pages(admin, candidates)
    count = sum(len(parameters) for parameters in pages.values())
    log(f"sqlmap: {count} parameters on {len(pages)} list pages; wapiti: {len(sessions)} roles")

    findings = unscanned_filters(pages)
    cookie = f"{cookie_name}={sessions['admin_user']}"
    with ThreadPoolExecutor(max_workers=len(sessions) + SQLMAP_JOBS) as pool:
        crawls = [
            pool.submit(wapiti, base, role, (cookie_name, session), out / "wapiti")
            for role, session in sessions.items()
        ]
        with ThreadPoolExecutor(max_workers=SQLMAP_JOBS) as sqlmap_pool:
            scans = [
                sqlmap_pool.submit(sqlmap, base, path, parameters, cookie, out / "sqlmap")
                for path, parameters in pages.items()
            ]
            for scan in scans:
                findings += scan.result()
        log(f"sqlmap: done in {time.monotonic() - started:.0f}s")
        for crawl in crawls:
            findings += crawl.result()
    log(f"scanners: done in {time.monotonic() - started:.0f}s")

    for finding in findings:
        print(f"FINDING {finding}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
