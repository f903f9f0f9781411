"""The switches for running on more than one host (docs/deployment.md, "Beyond one host"). All off by default.

Pure functions of the environment, called from `base.py`; each takes the environment as an argument (the process
environment by default), so tests call them with a dict and never touch the settings of the running process.

- `DATABASE_REPLICA_URL`: one or more read replicas (comma-separated URLs) become the aliases `replica`,
  `replica_2`, …; the router `querschnitt.core.db_router.PrimaryReplicaRouter` sends reads there (writes,
  transactions and the requests of someone who has just written stay on the primary).
- `CACHE_URL`: `redis://…`, `rediss://…` or `unix://…` for a shared Redis/Valkey cache (rate limits, sessions read
  through the cache); unset, each process caches in its own memory.
- `QUERSCHNITT_S3_BUCKET`: uploaded and generated files in an S3-compatible object store (django-storages; needs
  `pip install boto3`), with `QUERSCHNITT_S3_ENDPOINT_URL`, `QUERSCHNITT_S3_REGION`, `AWS_ACCESS_KEY_ID`,
  `AWS_SECRET_ACCESS_KEY`; static files stay with whitenoise.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

ROUTER = "querschnitt.core.db_router.PrimaryReplicaRouter"
PINNING_MIDDLEWARE = "querschnitt.core.db_router.PrimaryPinningMiddleware"
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def replica_urls(environ: Mapping[str, str] = os.environ) -> list[str]:
    return _split(environ.get("DATABASE_REPLICA_URL", ""))


def databases(default_db: dict[str, Any], environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """`{"default": default_db}` plus one alias per read replica: `replica`, `replica_2`, `replica_3`, …

    A replica is a test mirror of `default` (`TEST["MIRROR"]`): test runs create no second database, and a query on
    the replica alias reads the test database (there is no replication in a test).
    """
    result: dict[str, Any] = {"default": default_db}
    conn_max_age = int(environ.get("DB_CONN_MAX_AGE", "60"))
    for number, url in enumerate(replica_urls(environ), start=1):
        alias = "replica" if number == 1 else f"replica_{number}"
        replica = dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
        replica["TEST"] = {"MIRROR": "default"}
        if replica["ENGINE"] == default_db["ENGINE"]:  # the same connection options (the planner settings)
            replica["OPTIONS"] = {**default_db.get("OPTIONS", {}), **replica.get("OPTIONS", {})}
        result[alias] = replica
    return result


def database_routers(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The primary/replica router when a replica is configured; no router (everything on `default`) otherwise."""
    return [ROUTER] if replica_urls(environ) else []


def middleware(middleware: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    """`middleware` with the router's pinning middleware right after the security middleware, when replicas are
    configured: it must see every request before a view reads anything (sessions and users are read, too)."""
    if not replica_urls(environ) or PINNING_MIDDLEWARE in middleware:
        return list(middleware)
    result = list(middleware)
    security = "django.middleware.security.SecurityMiddleware"
    position = result.index(security) + 1 if security in result else 0
    result.insert(position, PINNING_MIDDLEWARE)
    return result


def storages(default_storages: dict[str, Any], environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """`default_storages` with the `default` storage (uploaded and generated files) in an S3-compatible bucket when
    `QUERSCHNITT_S3_BUCKET` is set. The bucket stays private: no ACL is set (the bucket's policy decides, and it must
    not be public), links are signed and short-lived, and a file is never overwritten (a second upload of the same
    name gets a new name, so an older paper's file cannot be replaced). Files still go out through our views, which
    check permissions first. Static files are not affected (whitenoise serves them from every app server)."""
    bucket = environ.get("QUERSCHNITT_S3_BUCKET", "").strip()
    result = dict(default_storages)
    if not bucket:
        return result
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": int(environ.get("QUERSCHNITT_S3_URL_SECONDS", "300")),
        "file_overwrite": False,
        "location": environ.get("QUERSCHNITT_S3_PREFIX", "").strip("/"),
    }
    optional = {
        "endpoint_url": "QUERSCHNITT_S3_ENDPOINT_URL",
        "region_name": "QUERSCHNITT_S3_REGION",
        "access_key": "AWS_ACCESS_KEY_ID",
        "secret_key": "AWS_SECRET_ACCESS_KEY",
    }
    for option, variable in optional.items():
        if environ.get(variable, "").strip():
            options[option] = environ[variable].strip()
    result["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    return result


def shared_cache(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("CACHE_URL", "").strip().startswith(REDIS_SCHEMES)


def caches(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """The default cache: Redis (or Valkey) from `CACHE_URL`, shared by every app server; else each process's own
    memory, which is right on one host (and makes rate limits count per process)."""
    url = environ.get("CACHE_URL", "").strip()
    if not url or url.startswith("locmem://"):
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "querschnitt"}}
    if not shared_cache(environ):
        raise ImproperlyConfigured("CACHE_URL must start with redis://, rediss:// or unix:// (or be unset).")
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            # Several installations may share one Redis; the prefix keeps their keys apart.
            "KEY_PREFIX": environ.get("QUERSCHNITT_CACHE_PREFIX", "querschnitt"),
            "TIMEOUT": 300,
        }
    }


def session_engine(environ: Mapping[str, str] = os.environ) -> str:
    """Sessions in the database; with a shared cache, read through it (`cached_db`: written to both, so a restart of
    Redis logs nobody out). Never `cached_db` over a per-process cache: a session ended on one app server would live
    on in the memory of the others."""
    if shared_cache(environ):
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"
