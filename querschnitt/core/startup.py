"""What a server process does once, after Django is set up and before its first request (`querschnitt/wsgi.py`).

Python's cyclic garbage collector now and then walks every object the process holds. A Django worker holds a few
hundred thousand long-lived objects (modules, URL patterns, models, views), and each full walk over them paused a
request by 50–100 ms: at state-wide size the p95 of the OParl meeting list was 156 ms against a median of 61 ms.
Importing everything the URLs reach first and then moving it all into the collector's permanent generation
(`gc.freeze()`, as the Python documentation recommends for pre-forking servers) leaves these walks only the
objects of the requests themselves: p95 79 ms (`docs/benchmarks.md`). The frozen objects stay alive, as they would
anyway.
"""

from __future__ import annotations

import gc

from django.urls import get_resolver


def prepare_server_process() -> None:
    get_resolver()._populate()  # imports every view module the URLs name, as the first request would
    gc.collect()
    gc.freeze()
