"""Logging helpers: missing template variables as errors, and error emails that cannot fail.

Make a missing variable in one of our templates an error, not a silent blank.

Django renders ``{{ therapy.titel }}`` as "" and logs a DEBUG record on the
``django.template`` logger. MissingVariableFilter, attached to that logger in
settings.LOGGING, turns such records into an exception when
``settings.STRICT_TEMPLATE_VARIABLES`` is on (development and tests), but only for
templates in our own templates/ folder: the admin and third-party packages use
missing variables on purpose. Every other "missing variable" record is dropped.

The record names the template that was rendered first (a view's template, not the
base.html or include it pulls in), so all templates a page of ours uses are held
to the rule, and an admin page is not, even when it extends one of ours.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.template.base import VariableDoesNotExist
from django.utils import log

MESSAGE = "Exception while resolving variable '%s' in template '%s'."


class MissingTemplateVariable(Exception):
    pass


class MissingVariableFilter(logging.Filter):
    def __init__(self, templates_dir: str | Path):
        super().__init__()
        self.templates_dir = Path(templates_dir)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg != MESSAGE:
            return True
        if settings.STRICT_TEMPLATE_VARIABLES and self._is_missing_in_our_template(record):
            variable, template_name = record.args
            raise MissingTemplateVariable(
                f"Missing variable {variable!r} while rendering {template_name}: "
                "pass it in the context, or fix its spelling."
            ) from record.exc_info[1]
        return False

    def _is_missing_in_our_template(self, record: logging.LogRecord) -> bool:
        exception = record.exc_info[1] if record.exc_info else None
        template_name = record.args[1]
        return (
            isinstance(exception, VariableDoesNotExist)
            and (self.templates_dir / template_name).is_file()
        )


class AdminEmailHandler(log.AdminEmailHandler):
    """Django's error emails to ADMINS, which never raise.

    With MAILERS configured, Django's handler lets a mail error propagate from the
    logging call: with the mail server down, reporting an error in a request or task
    would become a second error that breaks it. Logging's own handleError() prints
    the failure to stderr instead.
    """

    def emit(self, record):
        try:
            super().emit(record)
        except Exception:
            self.handleError(record)
