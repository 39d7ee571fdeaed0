import logging
from datetime import datetime

from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from centres.models import Centre
from enquiries import ratelimit, services
from enquiries.forms import EnquiryForm
from enquiries.models import new_reference, response_window
from genesis_site import privacy
from genesis_site.views import BreadcrumbsMixin
from therapies.models import Therapy

logger = logging.getLogger(__name__)

# The confirmation page reads only this from the session: what the browser that sent
# the enquiry may see again, and nothing the enquirer typed.
SESSION_KEY = "enquiry_sent"


def remember_sent(request, *, reference: str, due_at: datetime) -> None:
    request.session[SESSION_KEY] = {"reference": reference, "due_at": due_at.isoformat()}


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class EnquiryCreateView(BreadcrumbsMixin, FormView):
    form_class = EnquiryForm
    template_name = "enquiries/enquiry_form.html"

    def get_breadcrumbs(self):
        return [("Make an enquiry", None)]

    def get_initial(self):
        # Links from therapy and centre pages preselect them; unknown slugs are ignored.
        initial = {}
        if slug := self.request.GET.get("therapy"):
            initial["therapy"] = Therapy.objects.published().filter(slug=slug).first()
        if slug := self.request.GET.get("centre"):
            initial["centre"] = Centre.objects.active().filter(slug=slug).first()
        return initial

    def post(self, request, *args, **kwargs):
        privacy.remember(*EnquiryForm.personal_values(request.POST))
        form = self.get_form()
        # A person who slips gets their errors back, however quickly they pressed Send.
        is_valid = form.is_valid()
        if reason := form.automation_signal(is_valid=is_valid):
            # Bots see the usual confirmation, so they learn nothing; nothing is stored.
            logger.info("Enquiry form: automated submission discarded (%s)", reason)
            remember_sent(
                request,
                reference=new_reference(),
                due_at=timezone.now() + response_window(),
            )
            return redirect("enquiries:sent")
        return self.form_valid(form) if is_valid else self.form_invalid(form)

    def form_valid(self, form):
        try:
            enquiry = services.enquiry_submit(
                client_key=ratelimit.client_key(self.request), **form.submission()
            )
        except services.RateLimited:
            return self.rate_limited()
        remember_sent(self.request, reference=enquiry.reference, due_at=enquiry.due_at)
        return redirect("enquiries:sent")

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
        return super().get_context_data(**kwargs) | {
            "response_hours": settings.ENQUIRY_RESPONSE_HOURS,
        }


@method_decorator(never_cache, name="dispatch")
class EnquirySentView(BreadcrumbsMixin, TemplateView):
    """The confirmation page (Post/Redirect/Get): shown only to the browser that sent it."""

    template_name = "enquiries/enquiry_sent.html"

    def get(self, request, *args, **kwargs):
        if SESSION_KEY not in request.session:
            return redirect("enquiries:create")
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [("Enquiry sent", None)]

    def get_context_data(self, **kwargs):
        sent = self.request.session[SESSION_KEY]
        return super().get_context_data(**kwargs) | {
            "reference": sent["reference"],
            "due_at": datetime.fromisoformat(sent["due_at"]),
        }
