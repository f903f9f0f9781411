"""The generated documents of reporting. `core.documents` imports every app's `documentation` module to find the
builders (also in a background worker that never loads the URLs); importing the modules registers them."""

from . import report_documents  # noqa: F401
