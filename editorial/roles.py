"""The editorial roles, worked out from the page types, so a new page type needs no migration.

*Marketing editors* write every kind of page and publish the kinds that need no clinical
approval (site pages, centres, specialists). *Clinical reviewers* edit and approve (publish)
the kinds that do (therapy pages). Each role edits the parts (inlines) of the pages it edits
and sees their dashboards (proxy models such as *Reviews due*). Neither may delete a page: a
page is taken off the site instead, so its history, and the enquiries that name it, stay.
Neither sees enquiries: those belong to *Triage staff* (enquiries/migrations/0002).

Records that are not pages come from each app's ``site_content``: marketing editors keep
those it lists as ``kept_by_editors`` (search synonyms and pinned results) and clinical
reviewers read them; both read those listed as ``read_by_editors`` (searches that found
nothing).

The groups get exactly these permissions after every ``migrate`` (and ``flush``), on a new
database and an existing one alike; anything given to a group by hand is taken away then.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from editorial import content
from editorial.publishing import Publishable
from editorial.services import publishable_models
from genesis_site import site_content

MARKETING_EDITORS = "Marketing editors"
CLINICAL_REVIEWERS = "Clinical reviewers"
# What an editor may do to a part of a page, or to a record kept beside the pages.
EVERY_ACTION = ("view", "add", "change", "delete")

type PermissionKey = tuple[str, str]  # (app label, codename)


def _permissions(model, *actions: str) -> set[PermissionKey]:
    return {(model._meta.app_label, f"{action}_{model._meta.model_name}") for action in actions}


def role_permissions() -> dict[str, set[PermissionKey]]:
    roles = {MARKETING_EDITORS: set(), CLINICAL_REVIEWERS: set()}
    for model in publishable_models():
        parts = set()
        for _name, part_model, _link in content.part_relations(model):
            parts |= _permissions(part_model, *EVERY_ACTION)
        if model.needs_clinical_approval:
            roles[MARKETING_EDITORS] |= _permissions(model, "view", "add", "change") | parts
            roles[CLINICAL_REVIEWERS] |= _permissions(model, "view", "change", "publish") | parts
        else:
            roles[MARKETING_EDITORS] |= _permissions(model, "view", "add", "change", "publish")
            roles[MARKETING_EDITORS] |= parts
    for proxy in global_apps.get_models():
        if proxy._meta.proxy and issubclass(proxy, Publishable):
            page_type = _permissions(proxy._meta.concrete_model, "view")
            for permissions in roles.values():
                if page_type <= permissions:
                    permissions |= _permissions(proxy, "view")
    for config in site_content.content_apps():
        for model_name in config.site_content.kept_by_editors:
            model = config.get_model(model_name)
            roles[MARKETING_EDITORS] |= _permissions(model, *EVERY_ACTION)
            roles[CLINICAL_REVIEWERS] |= _permissions(model, "view")
        for model_name in config.site_content.read_by_editors:
            for permissions in roles.values():
                permissions |= _permissions(config.get_model(model_name), "view")
    return roles


def roles_sync(*, using: str) -> None:
    """Give each role exactly its permissions, making any group or permission that is missing."""
    for app_config in global_apps.get_app_configs():
        # Django makes each app's permissions after its own post_migrate; make them all now.
        create_permissions(app_config, verbosity=0, using=using)
    for name, wanted in role_permissions().items():
        query = Q(pk__in=[])  # so that no wanted permission means none, not all
        for app_label, codename in wanted:
            query |= Q(content_type__app_label=app_label, codename=codename)
        found = Permission.objects.using(using).filter(query)
        if missing := wanted - set(found.values_list("content_type__app_label", "codename")):
            raise ImproperlyConfigured(f"{name} need permissions that do not exist: {missing}")
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(found)


def roles_sync_after_migrate(*, using: str, apps=global_apps, **kwargs) -> None:
    """post_migrate receiver (``apps``: the migrated state); waits for the auth app's tables."""
    try:
        apps.get_model("auth", "Group")
    except LookupError:
        return
    roles_sync(using=using)
