import json
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from centres.models import Centre
from enquiries import ratelimit, satisfaction, services
from enquiries.forms import EnquiryForm, SatisfactionForm
from enquiries.models import ResponsePolicy
from genesis_site import privacy
from genesis_site.views import BreadcrumbsMixin, PageMetaMixin
from therapies.models import Therapy

# The confirmation page reads only this signed cookie: what the browser that sent the
# enquiry may see again, and nothing the enquirer typed. A cookie, not a session: nothing
# to write to the database for an enquiry beside the enquiry itself. Sent only to the
# confirmation page, so it never varies the cached copies of the other pages.
SENT_COOKIE = "enquiry_sent"
SENT_COOKIE_SALT = "enquiries.sent"
SENT_COOKIE_SECONDS = 24 * 3600


def remember_sent(response, *, reference: str, due_at: datetime):
    response.set_signed_cookie(
        SENT_COOKIE,
        json.dumps({"reference": reference, "due_at": due_at.isoformat()}),
        salt=SENT_COOKIE_SALT,
        max_age=SENT_COOKIE_SECONDS,
        path=reverse("enquiries:sent"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def sent_enquiry(request) -> dict | None:
    """The reference and reply time of the enquiry this browser sent, if any."""
    try:
        sent = request.get_signed_cookie(
            SENT_COOKIE, salt=SENT_COOKIE_SALT, max_age=SENT_COOKIE_SECONDS
        )
    except (KeyError, signing.BadSignature):
        return None
    return json.loads(sent)


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class EnquiryCreateView(BreadcrumbsMixin, PageMetaMixin, FormView):
    form_class = EnquiryForm
    template_name = "enquiries/enquiry_form.html"
    page_title = "Make an enquiry"

    @property
    def page_description(self):
        return (
            "Ask us about treatment, costs or referrals. We reply within "
            f"{ResponsePolicy.current().promise}."
        )

    def get_breadcrumbs(self):
        return [("Make an enquiry", None)]

    def get_initial(self):
        # Links from therapy and centre pages preselect them; unknown slugs are ignored.
        initial = {}
        if slug := self.request.GET.get("therapy"):
            initial["therapy"] = Therapy.objects.published().filter(slug=slug).first()
        if slug := self.request.GET.get("centre"):
            initial["centre"] = Centre.objects.published().filter(slug=slug).first()
        return initial

    def post(self, request, *args, **kwargs):
        privacy.remember(*EnquiryForm.personal_values(request.POST))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # One that looks automated is held for staff to check (form.spam_signal), and its
        # sender sees the usual confirmation: a bot learns nothing, a person loses nothing.
        try:
            enquiry = services.enquiry_submit(
                client_key=ratelimit.client_key(self.request), **form.submission()
            )
        except services.RateLimited:
            return self.rate_limited()
        return remember_sent(
            redirect("enquiries:sent"), reference=enquiry.reference, due_at=enquiry.due_at
        )

    def rate_limited(self):
        response = TemplateResponse(
            self.request,
            "enquiries/rate_limited.html",
            {"retry_minutes": settings.ENQUIRY_RATE_LIMIT_MINUTES},
            status=429,
        )
        response["Retry-After"] = str(ratelimit.seconds_until_next_window())
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"policy": ResponsePolicy.current()}


@method_decorator(never_cache, name="dispatch")
class EnquirySentView(BreadcrumbsMixin, PageMetaMixin, TemplateView):
    """The confirmation page (Post/Redirect/Get): shown only to the browser that sent it."""

    template_name = "enquiries/enquiry_sent.html"
    page_title = "Enquiry sent"
    page_description = "We have your enquiry and will reply soon."
    noindex = True

    def get(self, request, *args, **kwargs):
        if sent_enquiry(request) is None:
            return redirect("enquiries:create")
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [("Enquiry sent", None)]

    def get_context_data(self, **kwargs):
        sent = sent_enquiry(self.request)
        return super().get_context_data(**kwargs) | {
            "reference": sent["reference"],
            "due_at": datetime.fromisoformat(sent["due_at"]),
        }


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class SatisfactionView(BreadcrumbsMixin, FormView):
    """ "Did we answer your question?": the page the satisfaction email links to.

    The signed link is all it needs (no login). The yes or no chosen in the email is
    preselected; nothing is stored until the enquirer sends the form (POST, with a CSRF
    token), so a mail scanner opening the link answers nothing. Once answered, the link
    only says thank you.
    """

    form_class = SatisfactionForm
    template_name = "enquiries/satisfaction.html"

    def dispatch(self, request, *args, token, **kwargs):
        self.enquiry = satisfaction.enquiry_for(token)
        if self.enquiry is None:
            return TemplateResponse(request, "enquiries/satisfaction_expired.html", status=404)
        if hasattr(self.enquiry, "satisfaction"):
            return TemplateResponse(request, "enquiries/satisfaction_thanks.html")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [("Did we answer your question?", None)]

    def get_initial(self):
        answer = self.request.GET.get("answer")
        return {"answered": answer} if answer in ("yes", "no") else {}

    def form_valid(self, form):
        services.satisfaction_answer_record(enquiry=self.enquiry, **form.cleaned_data)
        return redirect(self.request.path)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"reference": self.enquiry.reference}
