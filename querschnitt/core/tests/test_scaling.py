"""The switches for more than one host (settings/scaling.py) and the primary/replica router (core/db_router.py)."""

import importlib.util

import pytest
from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from querschnitt.core import db_router
from querschnitt.core.db_router import PIN_COOKIE, PrimaryPinningMiddleware, PrimaryReplicaRouter
from querschnitt.settings import scaling
from querschnitt.tenancy.models import Body

DEFAULT_DB = {"ENGINE": "django.db.backends.postgresql", "NAME": "querschnitt", "HOST": "primary"}
BASE_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
]

# --- settings functions ------------------------------------------------------------------------------------------


def test_without_the_variables_everything_stays_on_one_host():
    assert scaling.databases(DEFAULT_DB, {}) == {"default": DEFAULT_DB}
    assert scaling.database_routers({}) == []
    assert scaling.middleware(BASE_MIDDLEWARE, {}) == BASE_MIDDLEWARE
    default_storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    assert scaling.storages(default_storages, {}) == default_storages
    assert scaling.caches({})["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert scaling.session_engine({}) == "django.contrib.sessions.backends.db"


def test_replica_urls_become_mirrored_aliases_with_the_router_and_its_middleware():
    env = {
        "DATABASE_REPLICA_URL": "postgres://reader:pw@replica1:5432/querschnitt, postgres://reader:pw@replica2/querschnitt",
        "DB_CONN_MAX_AGE": "30",
    }
    databases = scaling.databases(DEFAULT_DB, env)
    assert list(databases) == ["default", "replica", "replica_2"]
    assert databases["default"] is DEFAULT_DB
    first, second = databases["replica"], databases["replica_2"]
    assert first["ENGINE"] == "django.db.backends.postgresql" and first["HOST"] == "replica1"
    assert (first["USER"], first["PASSWORD"], first["PORT"], first["CONN_MAX_AGE"]) == ("reader", "pw", 5432, 30)
    assert second["HOST"] == "replica2"
    # Tests create no second database: the replica reads the test database.
    assert first["TEST"] == {"MIRROR": "default"} and second["TEST"] == {"MIRROR": "default"}
    assert scaling.database_routers(env) == ["querschnitt.core.db_router.PrimaryReplicaRouter"]
    middleware = scaling.middleware(BASE_MIDDLEWARE, env)
    assert middleware[:2] == [BASE_MIDDLEWARE[0], "querschnitt.core.db_router.PrimaryPinningMiddleware"]
    assert scaling.middleware(middleware, env) == middleware  # idempotent


def test_s3_bucket_switches_the_file_storage_to_a_private_bucket_and_leaves_static_files_alone():
    default_storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    env = {
        "QUERSCHNITT_S3_BUCKET": "querschnitt-files",
        "QUERSCHNITT_S3_ENDPOINT_URL": "https://s3.example-rechenzentrum.de",
        "QUERSCHNITT_S3_REGION": "de-west-1",
        "AWS_ACCESS_KEY_ID": "key-id",
        "AWS_SECRET_ACCESS_KEY": "secret",
    }
    storages = scaling.storages(default_storages, env)
    assert storages["staticfiles"] == default_storages["staticfiles"]
    assert default_storages["default"]["BACKEND"].endswith("FileSystemStorage")  # the argument is not changed
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storages["default"]["OPTIONS"]
    assert options["bucket_name"] == "querschnitt-files"
    assert options["endpoint_url"] == "https://s3.example-rechenzentrum.de"
    assert options["region_name"] == "de-west-1"
    assert (options["access_key"], options["secret_key"]) == ("key-id", "secret")
    assert options["default_acl"] is None  # no public-read ACL: the bucket stays private
    assert options["querystring_auth"] is True and options["file_overwrite"] is False
    # django-storages ships the backend (it needs boto3 at run time, which the operator installs).
    assert importlib.util.find_spec("storages.backends.s3") is not None
    # Without credentials in the environment, boto3 finds them itself (instance role, ~/.aws).
    minimal = scaling.storages(default_storages, {"QUERSCHNITT_S3_BUCKET": "b"})["default"]["OPTIONS"]
    assert "access_key" not in minimal and "endpoint_url" not in minimal


def test_cache_url_names_a_shared_redis_cache_and_sessions_read_through_it():
    env = {"CACHE_URL": "redis://cache.internal:6379/1"}
    cache = scaling.caches(env)["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/1" and cache["KEY_PREFIX"] == "querschnitt"
    assert scaling.session_engine(env) == "django.contrib.sessions.backends.cached_db"
    assert scaling.caches({"CACHE_URL": "rediss://cache:6380/0"})["default"]["LOCATION"] == "rediss://cache:6380/0"
    # A per-process cache never carries sessions: a session ended on one server would live on in the others.
    assert scaling.session_engine({"CACHE_URL": "locmem://"}) == "django.contrib.sessions.backends.db"


def test_a_cache_url_of_an_unknown_kind_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        scaling.caches({"CACHE_URL": "memcached://cache:11211"})


def test_the_redis_cache_backend_can_be_built_from_the_settings():
    from django.core.cache.backends.redis import RedisCache

    config = scaling.caches({"CACHE_URL": "redis://cache.internal:6379/1"})["default"]
    cache = RedisCache(config["LOCATION"], {"KEY_PREFIX": config["KEY_PREFIX"], "TIMEOUT": config["TIMEOUT"]})
    assert cache.make_key("x") == "querschnitt:1:x"  # builds without connecting


# --- the router's decisions ----------------------------------------------------------------------------------------


@pytest.fixture
def clean_context():
    """Each test starts like a new request: no write seen, reads not pinned."""
    primary = db_router._use_primary.set(False)
    wrote = db_router._wrote.set(False)
    yield
    db_router._use_primary.reset(primary)
    db_router._wrote.reset(wrote)


@pytest.fixture
def replica_settings(settings, clean_context):
    settings.DATABASES = {**settings.DATABASES, "replica": {}, "replica_2": {}}
    return settings


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_router_sends_reads_to_a_replica_and_writes_to_the_primary(replica_settings):
    router = PrimaryReplicaRouter()
    assert {router.db_for_read(Body) for _ in range(40)} == {"replica", "replica_2"}
    assert router.allow_relation(object(), object()) is True
    assert router.allow_migrate("default", "tenancy") is True
    assert router.allow_migrate("replica", "tenancy") is False
    assert router.db_for_write(Body) == "default"
    # Read-your-writes: after a write, the rest of the request reads from the primary.
    assert router.db_for_read(Body) == "default"


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_router_reads_from_the_primary_inside_a_transaction_and_when_asked(replica_settings, db):
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Body) in {"replica", "replica_2"}
    with transaction.atomic():
        assert router.db_for_read(Body) == "default"
    with db_router.primary_reads():
        assert router.db_for_read(Body) == "default"
    assert router.db_for_read(Body).startswith("replica")


def test_router_without_replicas_reads_from_the_primary(clean_context):
    assert PrimaryReplicaRouter().db_for_read(Body) == "default"


# --- with a real second alias --------------------------------------------------------------------------------------


@pytest.fixture
def replica(settings, clean_context, django_db_setup):
    """A `replica` alias that is a second connection to the test database (like a test mirror)."""
    default = connections["default"].settings_dict
    connections.settings["replica"] = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    settings.DATABASE_ROUTERS = [scaling.ROUTER]
    # Connected here, not on first use: a TestCase refuses to open connections of aliases it was not told about.
    connections["replica"].connect()
    yield connections["replica"]
    connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]


@pytest.mark.django_db
def test_reads_go_to_the_replica_connection_until_the_request_writes(replica):
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connections["default"]) as on_primary:
        Body.objects.filter(name="nobody").exists()
        assert len(on_replica) == 1 and len(on_primary) == 0
        get_user_model().objects.create(email="writer@example.org")
        assert len(on_primary) >= 1 and len(on_replica) == 1
        assert get_user_model().objects.filter(email="writer@example.org").exists()  # sees its own write
    assert len(on_replica) == 1  # the read after the write went to the primary


def _view_that(action):
    def view(request):
        action()
        return HttpResponse("ok")

    return view


@pytest.mark.django_db
def test_middleware_pins_a_browser_that_wrote_to_the_primary_for_the_next_requests(replica):
    factory = RequestFactory()
    seen = []

    def read():
        seen.append(PrimaryReplicaRouter().db_for_read(Body))

    def write_then_read():
        get_user_model().objects.create(email="pinned@example.org")
        read()

    response = PrimaryPinningMiddleware(_view_that(read))(factory.get("/"))
    assert seen == ["replica"] and PIN_COOKIE not in response.cookies
    response = PrimaryPinningMiddleware(_view_that(read))(factory.post("/"))
    assert seen[-1] == "default"  # a form that is sent reads from the primary
    assert PIN_COOKIE not in response.cookies  # but wrote nothing
    response = PrimaryPinningMiddleware(_view_that(write_then_read))(factory.get("/"))
    assert seen[-1] == "default"
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 5 and cookie["httponly"]
    # The next page of that browser (Post/Redirect/Get) reads from the primary; others still from the replica.
    follow = factory.get("/")
    follow.COOKIES[PIN_COOKIE] = "1"
    PrimaryPinningMiddleware(_view_that(read))(follow)
    assert seen[-1] == "default"
    PrimaryPinningMiddleware(_view_that(read))(factory.get("/"))
    assert seen[-1] == "replica"  # the pin of one request does not leak into the next


def test_files_go_to_and_come_back_from_an_s3_bucket(settings):
    """The S3 settings against moto's S3 (in memory, no network): a file written through Django's storage lands in
    the private bucket under the prefix, reads back the same, keeps an older file of the same name, and a pending
    statistics upload of one app host is readable by the next step on another."""
    import boto3
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages
    from moto import mock_aws

    from querschnitt.accounts.models import User
    from querschnitt.reporting import services_statistics

    env = {
        "QUERSCHNITT_S3_BUCKET": "querschnitt-files",
        "QUERSCHNITT_S3_REGION": "eu-central-1",
        "QUERSCHNITT_S3_PREFIX": "kreis",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-central-1")
        s3.create_bucket(Bucket="querschnitt-files", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
        settings.STORAGES = scaling.storages(settings.STORAGES, env)
        storage = storages["default"]
        first = storage.save("committees/files/2026/einladung.pdf", ContentFile(b"%PDF-1 erste"))
        second = storage.save("committees/files/2026/einladung.pdf", ContentFile(b"%PDF-1 zweite"))
        assert first != second  # never overwritten
        with storage.open(first, "rb") as file:
            assert file.read() == b"%PDF-1 erste"
        keys = {item["Key"] for item in s3.list_objects_v2(Bucket="querschnitt-files")["Contents"]}
        assert keys == {f"kreis/{first}", f"kreis/{second}"}
        grants = s3.get_object_acl(Bucket="querschnitt-files", Key=f"kreis/{first}")["Grants"]
        assert all("AllUsers" not in str(grant.get("Grantee", {})) for grant in grants)  # not public
        assert "X-Amz-Signature=" in storage.url(first)  # links are signed

        user = User(pk=7)
        token = services_statistics.pending_store(user=user, data=b"Jahr;Wert\n2011;1\n", suffix=".csv")
        pending = s3.list_objects_v2(Bucket="querschnitt-files", Prefix="kreis/private/statistics-pending/7/")
        assert [item["Key"] for item in pending["Contents"]] == [f"kreis/private/statistics-pending/7/{token}.csv"]
        assert services_statistics.pending_read(user=user, token=token, suffix=".csv") == b"Jahr;Wert\n2011;1\n"
        services_statistics.pending_delete(user=user, token=token, suffix=".csv")
        assert services_statistics.pending_read(user=user, token=token, suffix=".csv") is None
