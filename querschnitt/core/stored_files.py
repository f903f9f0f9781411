"""Files go with their records. When a row with a file field is deleted – by a service, by the cascade of a deleted
body, concept or actor, or by the erasure of personal data – its files are removed from the storage once the
transaction has committed. A rollback keeps them; so does another row of the same model that still names the
same file. Soft deletions (a `deleted` flag, as OParl's files keep) are not deletions here.

Connected for every model with a file field in `CoreConfig.ready()`. simple-history keeps only the paths of files
in its records (text, not file fields), so its records do not hold files back."""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import post_delete

logger = logging.getLogger(__name__)


def file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def remove_files_of_deleted_row(sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any) -> None:
    for field in file_fields(sender):
        name = getattr(instance, field.attname).name  # the FieldFile's path in its storage
        if name:
            transaction.on_commit(lambda field=field, name=name: _remove(sender, field, name, using), using=using)


def _remove(model: type[models.Model], field: models.FileField, name: str, using: str) -> None:
    if model._default_manager.using(using).filter(**{field.attname: name}).exists():
        return  # another row still names this file
    try:
        field.storage.delete(name)
    except Exception:  # a storage that fails must not turn a committed deletion into an error page
        logger.exception("Could not remove the file %s of a deleted %s", name, model._meta.label)


def connect() -> None:
    for model in apps.get_models():
        if file_fields(model):
            post_delete.connect(
                remove_files_of_deleted_row, sender=model, dispatch_uid=f"stored_files:{model._meta.label}"
            )
