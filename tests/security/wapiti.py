"""Run Debian's wapiti (3.0.4) with its exclusion patterns working on Python 3.11.

Its `wildcard_translate` ends each pattern with a trailing `(?ms)`, which Python 3.11's `re`
refuses, so any `-x URL` crashes the crawl. This runs the same entry point with the flags at
the start. Run it with the system Python that has wapitiCore (-P: this folder has an http.py):

    /usr/bin/python3 -P tests/security/wapiti.py -u http://127.0.0.1:8106/ -x 'http://...*' ...
"""

import re
import sys

from wapitiCore.main.wapiti import wapiti_main
from wapitiCore.net import crawler


def wildcard_translate(pattern: str) -> re.Pattern:
    return re.compile("(?ms)" + ".*".join(re.escape(part) for part in pattern.split("*")) + r"\Z")


crawler.wildcard_translate = wildcard_translate

if __name__ == "__main__":
    sys.argv[0] = "wapiti"
    sys.exit(wapiti_main())
