"""The admin site: staff sign in with a password and then a code from an authenticator app.

With ADMIN_REQUIRE_2FA on, a signed-in staff member whose session has not been
verified by a TOTP device (django-otp) is treated as having no admin access, and
the login page sends them to the two-factor page. There, someone without a device
yet enrols one by scanning a QR code and entering its first code.
"""

from base64 import b32encode, b64encode
from io import BytesIO

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user
from django_otp.qr import write_qrcode_image

from genesis_site.forms import OneTimeCodeForm
from genesis_site.services import second_factor_complete, totp_enrolment_start


def is_verified(user) -> bool:
    # django-otp's middleware adds is_verified(); a user object fresh from
    # login() in this request does not have it and is not verified yet.
    return getattr(user, "is_verified", lambda: False)()


def qr_code_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI, so the secret never travels in a URL of its own."""
    image = BytesIO()
    write_qrcode_image(text, image)
    return "data:image/svg+xml;base64," + b64encode(image.getvalue()).decode()


class StaffAdminSite(admin.AdminSite):
    def awaits_second_factor(self, request) -> bool:
        user = request.user
        return (
            settings.ADMIN_REQUIRE_2FA
            and user.is_active
            and user.is_staff
            and not is_verified(user)
        )

    def has_permission(self, request):
        return super().has_permission(request) and not self.awaits_second_factor(request)

    def login(self, request, extra_context=None):
        if not self.awaits_second_factor(request):
            response = super().login(request, extra_context)
            # Still not awaiting: the password was wrong, or two-factor is off.
            if not self.awaits_second_factor(request):
                return response
        return redirect_to_login(
            self.safe_next_url(request), reverse("admin:two_factor", current_app=self.name)
        )

    def get_urls(self):
        return [
            path("two-factor/", self.two_factor, name="two_factor"),
            # Outside admin_view(), so staff who have not given their code can sign out.
            path("logout/", self.logout, name="logout"),
            *super().get_urls(),
        ]

    def safe_next_url(self, request) -> str:
        url = request.POST.get(REDIRECT_FIELD_NAME, request.GET.get(REDIRECT_FIELD_NAME))
        if url and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return url
        return reverse("admin:index", current_app=self.name)

    @method_decorator(never_cache)
    def two_factor(self, request):
        """Ask for a code from the user's authenticator app, enrolling one first if needed."""
        user = request.user
        if not (user.is_active and user.is_staff):
            return redirect_to_login(
                request.get_full_path(), reverse("admin:login", current_app=self.name)
            )
        next_url = self.safe_next_url(request)
        if not self.awaits_second_factor(request):
            return HttpResponseRedirect(next_url)

        devices = list(devices_for_user(user))
        enrolling = None if devices else totp_enrolment_start(user=user)
        form = OneTimeCodeForm(request.POST or None, user=user, devices=devices or [enrolling])
        if form.is_valid():
            second_factor_complete(request=request, device=form.device)
            return HttpResponseRedirect(next_url)

        context = {
            **self.each_context(request),
            "title": "Set up two-step sign-in" if enrolling else "Two-step sign-in",
            "form": form,
            REDIRECT_FIELD_NAME: next_url,
        }
        if enrolling:
            secret = b32encode(enrolling.bin_key).decode()
            context |= {
                "qr_code": qr_code_data_uri(enrolling.config_url),
                "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            }
        request.current_app = self.name
        return TemplateResponse(request, "admin/two_factor.html", context)


def locked_out_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: 429 with when to try again."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {**admin.site.each_context(request), "title": "Too many attempts", "minutes": minutes}
    return render(request, "admin/locked_out.html", context, status=429)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record nobody may add to, change or delete by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedListMixin:
    """For lists that show personal data (the audit log records who saw what): calls the
    ``audit_listing(request, rows, search_term)`` that each admin using it defines, once for
    each page of the change list shown."""

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if response.status_code == 200 and changelist is not None:
            # After rendering, the rows are those the page showed, already fetched: the
            # entry costs one insert, however long the list.
            response.add_post_render_callback(
                lambda _: self.audit_listing(request, changelist.result_list, changelist.query)
            )
        return response
