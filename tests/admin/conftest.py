"""Helpers for the admin tests: URLs and posting a bulk action with or without its confirmation."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse


def changelist_url(model_name: str) -> str:
    return reverse(f"admin:claims_{model_name}_changelist")


def change_url(obj) -> str:
    return reverse(f"admin:claims_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def run_action(client):
    """Post an admin action; `confirm=True` answers yes on its confirmation page."""

    def run(model_name, action, objects, *, confirm=True, **extra):
        data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [str(obj.pk) for obj in objects], **extra}
        if confirm:
            data["post"] = "yes"
        return client.post(changelist_url(model_name), data)

    return run
