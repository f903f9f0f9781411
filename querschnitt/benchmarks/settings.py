"""Settings of `querschnitt bench`: the development settings (fixed key, no collectstatic, tasks run at once) with
DEBUG off, as a production server runs: no query log, no debug templates. Only for the benchmark's own databases."""

from querschnitt.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# Every simulated visitor, voter and crawler comes from 127.0.0.1, where in use they come from many addresses: the
# rate limits (which have their own tests) would answer 429 and measure the limiter instead of the pages.
QUERSCHNITT_RATELIMITS_ENABLED = False
RATELIMIT_ENABLE = False
ACCOUNT_RATE_LIMITS = False
