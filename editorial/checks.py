"""System checks for page types: each must have a permission that says who may publish it."""

from django.core import checks

from editorial.services import publishable_models


@checks.register()
def page_types_have_a_publish_permission(app_configs, **kwargs):
    return publish_permission_errors(publishable_models())


def publish_permission_errors(models) -> list[checks.Error]:
    errors = []
    for model in models:
        codename = f"publish_{model._meta.model_name}"
        if codename not in {name for name, _description in model._meta.permissions}:
            errors.append(
                checks.Error(
                    f"{model._meta.label} has no {codename!r} permission, so no role may "
                    "publish it.",
                    hint=f'Add ("{codename}", "Can publish …") to its Meta.permissions.',
                    obj=model,
                    id="editorial.E001",
                )
            )
    return errors
