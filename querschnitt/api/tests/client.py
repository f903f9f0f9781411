"""A test client for the API: Django's client with a bearer token and JSON bodies."""

from django.test import Client


class ApiClient:
    """Django's test client with `Authorization: Bearer …` and JSON bodies."""

    def __init__(self, secret=None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def _send(self, method, url, data=None, **kwargs):
        headers = {**self.headers, **kwargs.pop("headers", {})}
        if data is not None and method != "get":
            kwargs.update(data=data, content_type="application/json")
        elif data is not None:
            kwargs["data"] = data
        return getattr(self.client, method)(url, headers=headers, **kwargs)

    def get(self, url, data=None, **kwargs):
        return self._send("get", url, data, **kwargs)

    def post(self, url, data=None, **kwargs):
        return self._send("post", url, data, **kwargs)

    def patch(self, url, data=None, **kwargs):
        return self._send("patch", url, data, **kwargs)

    def delete(self, url, **kwargs):
        return self._send("delete", url, **kwargs)
